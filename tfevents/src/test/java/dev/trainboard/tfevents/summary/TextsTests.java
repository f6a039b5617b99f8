package dev.trainboard.tfevents.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainboard.tfevents.proto.DataType;
import dev.trainboard.tfevents.proto.Summary;
import org.junit.jupiter.api.Test;

class TextsTests {

    @Test
    void storesMarkdownAsAOneCellStringTensorUnderTheSuffixedTag() {
        Summary.Value value = Texts.value("notes", "**bold** ünïcode");
        assertThat(value.getTag()).isEqualTo("notes/text_summary");
        assertThat(value.getMetadata().getPluginData().getPluginName()).isEqualTo("text");
        assertThat(value.getTensor().getDtype()).isEqualTo(DataType.DT_STRING);
        assertThat(value.getTensor().getTensorShape().getDimList()).extracting(d -> d.getSize()).containsExactly(1L);
        assertThat(value.getTensor().getStringVal(0).toStringUtf8()).isEqualTo("**bold** ünïcode");
        assertThat(value.getTensor().getTensorContent().isEmpty()).isTrue();
    }

    @Test
    void scalarsAreFloat32WithoutMetadataAndTagsMustNotBeEmpty() {
        Summary.Value scalar = Scalars.value("loss", 0.1);
        assertThat(scalar.getSimpleValue()).isEqualTo(0.1f);
        assertThat(scalar.hasMetadata()).isFalse();
        assertThatThrownBy(() -> Scalars.value("", 1)).hasMessageContaining("tag");
        assertThatThrownBy(() -> Texts.value(null, "x")).hasMessageContaining("tag");
    }
}

package dev.trainboard.tfevents.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFileNameTests {

    @Test
    void padsSecondsToTenDigitsAndTheSequenceToSix() {
        assertThat(EventFileName.of(1_700_000_000L, "vm", 4242, 3))
                .isEqualTo("events.out.tfevents.1700000000.vm.4242.000003");
        assertThat(EventFileName.of(42, "vm", 1, 0)).isEqualTo("events.out.tfevents.0000000042.vm.1.000000");
    }

    @Test
    void laterSequencesSortLaterWithinOneSecond() {
        List<String> names = new ArrayList<>();
        for (int attempt : new int[] {10, 2, 1, 100, 9}) {
            names.add(EventFileName.of(1_700_000_000L, "host", 77, attempt));
        }
        Collections.sort(names);
        assertThat(names).extracting(n -> n.substring(n.lastIndexOf('.') + 1))
                .containsExactly("000001", "000002", "000009", "000010", "000100");
    }

    @Test
    void aLaterSecondSortsLaterWhateverTheSequence() {
        String earlier = EventFileName.of(1_700_000_000L, "host", 77, 5);
        String later = EventFileName.of(1_700_000_001L, "host", 77, 0);
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void replacesCharactersAHostNameShouldNotBringIntoAFileName() {
        assertThat(EventFileName.of(1, "a/b c", 1, 0)).isEqualTo("events.out.tfevents.0000000001.a_b_c.1.000000");
    }

    @Test
    void rejectsSequencesThatWouldNotSortAndNegativeSeconds() {
        assertThatThrownBy(() -> EventFileName.of(1, "h", 1, 1_000_000)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> EventFileName.of(1, "h", 1, -1)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> EventFileName.of(-1, "h", 1, 0)).hasMessageContaining("epochSeconds");
    }

    @Test
    void namesForThisProcessAreEventFileNames() {
        String name = EventFileName.of(1_700_000_000L, 1);
        assertThat(EventFileName.isEventFile(name)).isTrue();
        assertThat(name).startsWith("events.out.tfevents.1700000000.")
                .endsWith("." + ProcessHandle.current().pid() + ".000001");
        assertThat(EventFileName.isEventFile("projector_config.pbtxt")).isFalse();
    }
}

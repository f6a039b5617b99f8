package dev.trainboard.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.trainboard.gateway.TestTokens;
import dev.trainboard.gateway.WebLayerTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

@WebLayerTest
class MetricsControllerTests {

    private static final UUID ID = UUID.fromString("0b5d8a52-7c1e-4d3a-9f7a-1a2b3c4d5e6f");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MetricsClient metrics;

    @Test
    void anImageKeepsItsBytesAndContentTypeAndItsTagIsPassedAsOneSegment() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        given(metrics.bytes(eq(ID), eq("/images/{tag}/{step}"), any(), any()))
                .willReturn(ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png));

        MvcTestResult result = mvc.get().uri("/api/jobs/{id}/images/{tag}/{step}", ID, "four mnist images", 7)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.READER).exchange();

        assertThat(result).hasStatus(HttpStatus.OK).hasContentType(MediaType.IMAGE_PNG);
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(png);
        verify(metrics).bytes(ID, "/images/{tag}/{step}", Map.of("tag", "four mnist images", "step", 7L), Map.of());
    }

    @Test
    void checkpointsAreListedForAReader() {
        given(metrics.json(ID, "/checkpoints", Map.of(), Map.of())).willReturn(JsonMapper.shared().readTree(
                "[{\"step\": 600, \"path\": \"" + ID + "/checkpoints/step-000000000600\", \"finalModel\": false}]"));

        MvcTestResult result = mvc.get().uri("/api/jobs/{id}/checkpoints", ID)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.READER).exchange();

        assertThat(result).hasStatus(HttpStatus.OK);
        assertThat(result).bodyJson().extractingPath("$[0].step").isEqualTo(600);
        assertThat(mvc.get().uri("/api/jobs/{id}/checkpoints", ID)).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void badQueriesAreNamedAndNeverForwarded() {
        String[][] cases = {
            {"/scalars", "tag"},
            {"/scalars?tag=loss&maxPoints=0", "maxPoints"},
            {"/scalars?tag=loss&maxPoints=many", "maxPoints"},
            {"/scalars?tag=loss&afterStep=-5", "afterStep"},
            {"/scalars?tag=" + "t".repeat(300), "tag"},
            {"/images/batch/minus-one", "step"},
            {"/images/batch/-1", "step"},
        };
        for (String[] bad : cases) {
            assertThat(mvc.get().uri("/api/jobs/" + ID + bad[0]).header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                    .as(bad[0]).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field")
                    .isEqualTo(bad[1]);
        }
        verifyNoInteractions(metrics);
    }
}

package dev.trainboard.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.RunName;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.gateway.TestTokens;
import dev.trainboard.gateway.WebLayerTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@WebLayerTest
class JobControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobsClient jobs;

    private MvcTestResult submit(String body) {
        return mvc.post().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private static JobView queued(JobSpec spec) {
        return new JobView(UUID.randomUUID(), spec.runName(), spec.sweep(), spec, JobStatus.QUEUED, 0, null, null,
                null, null, null, Instant.now(), null, null);
    }

    private RegisterJobRequest registered() {
        ArgumentCaptor<RegisterJobRequest> captor = ArgumentCaptor.forClass(RegisterJobRequest.class);
        verify(jobs).register(captor.capture());
        return captor.getValue();
    }

    @Test
    void anEmptySpecIsTheTutorialWithAGeneratedRunName() {
        given(jobs.register(any())).willAnswer(call -> queued(call.<RegisterJobRequest>getArgument(0).spec()));

        MvcTestResult result = submit("{}");

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        JobSpec sent = registered().spec();
        assertThat(RunName.isValid(sent.runName())).isTrue();
        assertThat(sent.runName()).startsWith("mnist-");
        assertThat(sent).isEqualTo(JobSpec.tutorial(sent.runName()));
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
                .matches("http://localhost/api/jobs/[0-9a-f-]{36}");
        assertThat(result).bodyJson().extractingPath("$.runName").isEqualTo(sent.runName());
    }

    @Test
    void underAnIdempotencyKeyTheGeneratedRunNameIsTheSameForEveryRetry() {
        given(jobs.register(any())).willAnswer(call -> queued(call.<RegisterJobRequest>getArgument(0).spec()));

        for (String key : new String[] {"retry-1", "retry-1", "retry-2"}) {
            assertThat(mvc.post().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                    .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).content("{}").exchange())
                    .hasStatus(HttpStatus.ACCEPTED);
        }

        ArgumentCaptor<RegisterJobRequest> captor = ArgumentCaptor.forClass(RegisterJobRequest.class);
        verify(jobs, times(3)).register(captor.capture());
        List<String> names = captor.getAllValues().stream().map(request -> request.spec().runName()).toList();
        assertThat(names.get(0)).startsWith("mnist-key-").isEqualTo(names.get(1)).isNotEqualTo(names.get(2));
        assertThat(names).allMatch(RunName::isValid);
    }

    @Test
    void givenFieldsOverrideTheDefaultsAndTheIdempotencyKeyIsPassedOn() {
        given(jobs.register(any())).willAnswer(call -> queued(call.<RegisterJobRequest>getArgument(0).spec()));

        MvcTestResult result = mvc.post().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                .header("Idempotency-Key", "retry-me-42").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"runName": "mnist1", "learningRate": 0.01, "optimizer": "sgd", "dataset": "fashion-mnist",
                         "epochs": 1, "device": "cpu", "trainLimit": 1000, "checkpointEverySteps": 50}""")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        RegisterJobRequest sent = registered();
        assertThat(sent.idempotencyKey()).isEqualTo("retry-me-42");
        assertThat(sent.spec().runName()).isEqualTo("mnist1");
        assertThat(sent.spec().learningRate()).isEqualTo(0.01);
        assertThat(sent.spec().optimizer().wireName()).isEqualTo("sgd");
        assertThat(sent.spec().dataset().wireName()).isEqualTo("fashion-mnist");
        assertThat(sent.spec().device().wireName()).isEqualTo("cpu");
        assertThat(sent.spec().trainLimit()).isEqualTo(1000);
        assertThat(sent.spec().checkpointEverySteps()).isEqualTo(50);
        assertThat(sent.spec().batchSize()).isEqualTo(100);
        assertThat(sent.spec().hiddenSize()).isEqualTo(500);
    }

    @Test
    void outOfRangeValuesAreNamedWithTheirRule() {
        MvcTestResult result = submit("""
                {"epochs": 0, "batchSize": 60001, "learningRate": 10.5, "hiddenSize": 4097, "logEverySteps": 0,
                 "checkpointEverySteps": 9}""");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field")
                .asArray().containsExactlyInAnyOrder("batchSize", "epochs", "hiddenSize", "learningRate",
                        "logEverySteps", "checkpointEverySteps");
        assertThat(result).bodyJson().extractingPath("$.errors[?(@.field == 'epochs')].rule").asArray()
                .containsExactly("Min");
        assertThat(result).bodyJson().extractingPath("$.errors[?(@.field == 'learningRate')].rule").asArray()
                .containsExactly("DecimalMax");
        verifyNoInteractions(jobs);
    }

    @Test
    void aRunNameThatCouldLeaveTheLogDirectoryIsRefused() {
        MvcTestResult result = submit("{\"runName\": \"../etc\"}");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("runName");
        assertThat(result).bodyJson().extractingPath("$.errors[0].rule").isEqualTo("Pattern");
        verifyNoInteractions(jobs);
    }

    @Test
    void anUnknownFieldIsRefusedAndTheKnownOnesAreListed() {
        MvcTestResult result = submit("{\"learningrate\": 0.01}");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("learningrate");
        assertThat(result).bodyJson().extractingPath("$.errors[0].rule").isEqualTo("UnknownField");
        assertThat(result).bodyJson().extractingPath("$.errors[0].message").asString().contains("learningRate");
    }

    @Test
    void wrongTypesAreRefusedRatherThanCoerced() {
        assertThat(submit("{\"epochs\": \"5\"}")).bodyJson().extractingPath("$.errors[0]")
                .isEqualTo(java.util.Map.of("field", "epochs", "rule", "Type", "message", "Must be an integer"));
        assertThat(submit("{\"epochs\": 1.5}")).bodyJson().extractingPath("$.errors[0].field").isEqualTo("epochs");
        assertThat(submit("{\"seed\": true}")).bodyJson().extractingPath("$.errors[0].field").isEqualTo("seed");
        assertThat(submit("{\"runName\": true}")).bodyJson().extractingPath("$.errors[0].field").isEqualTo("runName");
        assertThat(submit("{\"runName\": 12}")).bodyJson().extractingPath("$.errors[0].rule").isEqualTo("Type");
        assertThat(submit("{\"optimizer\": \"ADAM\"}")).bodyJson().extractingPath("$.errors[0]")
                .isEqualTo(java.util.Map.of("field", "optimizer", "rule", "OneOf", "message", "Must be one of adam, sgd"));
        verifyNoInteractions(jobs);
    }

    @Test
    void enumsAreReadByNameOnlyNeverByPosition() {
        for (String device : new String[] {"1", "\"1\"", "0", "-1", "1.0"}) {
            MvcTestResult result = submit("{\"device\": " + device + "}");
            assertThat(result).as(device).hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).as(device).bodyJson().extractingPath("$.errors[0].field").isEqualTo("device");
            assertThat(result).as(device).bodyJson().extractingPath("$.errors[0].message").asString()
                    .contains("auto, cpu, gpu");
        }
        assertThat(submit("{\"dataset\": 0}")).bodyJson().extractingPath("$.errors[0].field").isEqualTo("dataset");
        assertThat(submit("{\"optimizer\": 1}")).bodyJson().extractingPath("$.errors[0].field")
                .isEqualTo("optimizer");
        verifyNoInteractions(jobs);
    }

    @Test
    void malformedJsonDuplicateFieldsAndTrailingTextAreRefused() {
        for (String body : new String[] {"{\"epochs\": 1", "{\"epochs\": 1, \"epochs\": 2}", "{} {}", "", "[]"}) {
            MvcTestResult result = submit(body);
            assertThat(result).as(body).hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).as(body).bodyJson().extractingPath("$.errors[0].field").isNotNull();
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void aBadIdempotencyKeyIsNamed() {
        MvcTestResult result = mvc.post().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                .header("Idempotency-Key", "x".repeat(129)).contentType(MediaType.APPLICATION_JSON).content("{}")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        assertThat(result).bodyJson().extractingPath("$.errors[0].rule").isEqualTo("IdempotencyKey");
    }

    @Test
    void badIdsAndPagingAreNamed() {
        assertThat(mvc.get().uri("/api/jobs/not-a-uuid").header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("id");
        assertThat(mvc.get().uri("/api/jobs/0b5d8a52-7c1e-4d3a-9f7a-1a2b3c4d5e6")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("id");
        assertThat(mvc.get().uri("/api/jobs?size=0").header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("size");
        assertThat(mvc.get().uri("/api/jobs?status=DONE").header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("status");
        assertThat(mvc.get().uri("/api/jobs?sweep=../x").header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("sweep");
        verifyNoInteractions(jobs);
    }

    @Test
    void aNonJsonBodyIsUnsupported() {
        assertThat(mvc.post().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                .contentType(MediaType.TEXT_PLAIN).content("epochs=1"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}

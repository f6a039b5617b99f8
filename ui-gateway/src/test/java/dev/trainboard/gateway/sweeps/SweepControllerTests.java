package dev.trainboard.gateway.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterSweepRequest;
import dev.trainboard.gateway.TestTokens;
import dev.trainboard.gateway.WebLayerTest;
import dev.trainboard.gateway.jobs.JobsClient;
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
class SweepControllerTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobsClient jobs;

    private MvcTestResult sweep(String body, String... idempotencyKey) {
        var request = mvc.post().uri("/api/sweeps").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER)
                .contentType(MediaType.APPLICATION_JSON).content(body);
        if (idempotencyKey.length > 0) {
            request.header("Idempotency-Key", idempotencyKey[0]);
        }
        return request.exchange();
    }

    /** The one sweep registration the gateway sent: all its jobs in one call. */
    private RegisterSweepRequest registered() {
        ArgumentCaptor<RegisterSweepRequest> captor = ArgumentCaptor.forClass(RegisterSweepRequest.class);
        verify(jobs).registerSweep(captor.capture());
        verify(jobs, never()).register(any());
        return captor.getValue();
    }

    private void answerQueued() {
        given(jobs.registerSweep(any())).willAnswer(call -> call.<RegisterSweepRequest>getArgument(0).specs()
                .stream().map(spec -> new JobView(UUID.randomUUID(), spec.runName(), spec.sweep(), spec,
                        JobStatus.QUEUED, 0, null, null, null, null, null, Instant.now(), null, null))
                .toList());
    }

    @Test
    void twoLearningRatesMakeTwoJobsWithDistinctDerivedRunNames() {
        answerQueued();

        MvcTestResult result = sweep("{\"name\": \"mnist\", \"grid\": {\"learningRate\": [0.001, 0.01]}}");

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).endsWith("/api/jobs?sweep=mnist");
        RegisterSweepRequest sent = registered();
        assertThat(sent.idempotencyKey()).isNull();
        assertThat(sent.specs()).extracting(JobSpec::runName).containsExactly("mnist-lr0.001", "mnist-lr0.01");
        assertThat(sent.specs()).extracting(JobSpec::learningRate).containsExactly(0.001, 0.01);
        assertThat(sent.specs()).allSatisfy(spec -> {
            assertThat(spec.sweep()).isEqualTo("mnist");
            assertThat(spec.batchSize()).isEqualTo(100);
        });
        assertThat(result).bodyJson().extractingPath("$.jobs[*].runName").asArray()
                .containsExactly("mnist-lr0.001", "mnist-lr0.01");
    }

    @Test
    void explicitRunNamesFollowGridOrderAndTheBaseAppliesToEveryJob() {
        answerQueued();

        MvcTestResult result = sweep("""
                {"name": "tutorial", "base": {"epochs": 1, "trainLimit": 2000},
                 "grid": {"learningRate": [0.001, 0.01]}, "runNames": ["mnist1", "mnist2"]}""", "demo");

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        RegisterSweepRequest sent = registered();
        assertThat(sent.specs()).extracting(JobSpec::runName).containsExactly("mnist1", "mnist2");
        assertThat(sent.idempotencyKey()).isEqualTo("demo");
        assertThat(sent.specs()).allSatisfy(spec -> {
            assertThat(spec.epochs()).isEqualTo(1);
            assertThat(spec.trainLimit()).isEqualTo(2000);
        });
    }

    @Test
    void twoAxesMakeTheirCartesianProductWithTheFirstVaryingSlowest() {
        answerQueued();

        assertThat(sweep("""
                {"name": "grid", "grid": {"optimizer": ["adam", "sgd"], "learningRate": [0.1, 1]}}"""))
                .hasStatus(HttpStatus.ACCEPTED);

        assertThat(registered().specs()).extracting(JobSpec::runName)
                .containsExactly("grid-lr0.1-adam", "grid-lr0.1-sgd", "grid-lr1-adam", "grid-lr1-sgd");
    }

    @Test
    void badGridsAreNamedBeforeAnyJobIsCreated() {
        assertViolation("{\"name\": \"s\", \"grid\": {}}", "grid", "NotEmpty");
        assertViolation("{\"name\": \"s\", \"grid\": {\"optimizer\": [0, 1]}}", "grid.optimizer[0]", "OneOf");
        assertViolation("{\"name\": \"s\", \"base\": {\"device\": 1}, \"grid\": {\"seed\": [1, 2]}}",
                "base.device", "OneOf");
        assertViolation("{\"name\": \"s\"}", "grid", "NotNull");
        assertViolation("{\"grid\": {\"epochs\": [1]}}", "name", "NotNull");
        assertViolation("{\"name\": \"a/b\", \"grid\": {\"epochs\": [1]}}", "name", "Pattern");
        assertViolation("{\"name\": \"s\", \"grid\": {\"momentum\": [0.9]}}", "grid.momentum", "UnknownField");
        assertViolation("{\"name\": \"s\", \"grid\": {\"learningRate\": 0.1}}", "grid.learningRate", "Type");
        assertViolation("{\"name\": \"s\", \"grid\": {\"learningRate\": [0.1, \"x\"]}}", "grid.learningRate[1]",
                "Type");
        assertViolation("{\"name\": \"s\", \"grid\": {\"learningRate\": [0.1, 20]}}", "grid.learningRate[1]",
                "DecimalMax");
        assertViolation("{\"name\": \"s\", \"grid\": {\"learningRate\": [0.1, 0.1]}}", "grid.learningRate",
                "UniqueElements");
        assertViolation("{\"name\": \"s\", \"grid\": {\"learningRate\": []}}", "grid.learningRate", "Size");
        assertViolation("{\"name\": \"s\", \"base\": {\"epochs\": 0}, \"grid\": {\"seed\": [1, 2]}}", "base.epochs",
                "Min");
        assertViolation("{\"name\": \"s\", \"base\": {\"runName\": \"x\"}, \"grid\": {\"seed\": [1, 2]}}",
                "base.runName", "Null");
        assertViolation("{\"name\": \"s\", \"grid\": {\"seed\": [1, 2]}, \"runNames\": [\"one\"]}", "runNames",
                "Size");
        assertViolation("{\"name\": \"s\", \"grid\": {\"seed\": [1, 2]}, \"runNames\": [\"one\", \"one\"]}",
                "runNames", "UniqueElements");
        assertViolation("{\"name\": \"s\", \"grid\": {\"seed\": [1, 2]}, \"runNames\": [\"one\", \"..\"]}",
                "runNames[1]", "Pattern");
        assertViolation("{\"name\": \"" + "n".repeat(60) + "\", \"grid\": {\"seed\": [1, 2]}}", "name", "Pattern");
        assertViolation("{\"name\": \"s\", \"grid\": {\"seed\": [1,2,3,4,5,6,7,8,9], \"epochs\": [1,2,3,4,5,6,7,8]}}",
                "grid", "MaxCombinations");
        verifyNoInteractions(jobs);
    }

    private void assertViolation(String body, String field, String rule) {
        MvcTestResult result = sweep(body);
        assertThat(result).as(body).hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).as(body).bodyJson().extractingPath("$.errors[?(@.field == '" + field + "')].rule")
                .asArray().contains(rule);
    }
}

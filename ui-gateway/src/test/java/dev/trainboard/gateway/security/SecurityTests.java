package dev.trainboard.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.trainboard.gateway.TestTokens;
import dev.trainboard.gateway.WebLayerTest;
import dev.trainboard.gateway.jobs.JobsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@WebLayerTest
class SecurityTests {

    private static final String JOB = "/api/jobs/0b5d8a52-7c1e-4d3a-9f7a-1a2b3c4d5e6f";

    /** Every write the API offers, with a body that would pass validation. */
    private static final String[][] WRITES = {
        {"POST", "/api/jobs", "{}"},
        {"POST", "/api/sweeps", "{\"name\": \"mnist\", \"grid\": {\"learningRate\": [0.001, 0.01]}}"},
        {"DELETE", JOB, null},
    };

    private static final String[] READS = {"/api/jobs", JOB, JOB + "/scalars?tag=loss", JOB + "/scalars.csv",
        JOB + "/images/batch/0", JOB + "/graph", JOB + "/histograms", JOB + "/pr-curves", JOB + "/texts",
        JOB + "/hparams", JOB + "/tags", JOB + "/stream"};

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JobsClient jobs;

    private MvcTestResult write(String[] write, String authorization) {
        var request = mvc.method(HttpMethod.valueOf(write[0])).uri(write[1]);
        if (write[2] != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(write[2]);
        }
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request.exchange();
    }

    @Test
    void everyWriteWithoutATokenIs401WithAProblemAndAChallenge() {
        for (String[] write : WRITES) {
            MvcTestResult result = write(write, null);
            assertThat(result).as(write[1]).hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
            assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void everyWriteWithAWrongTokenIs401() {
        for (String[] write : WRITES) {
            assertThat(write(write, "Bearer not-a-token")).as(write[1]).hasStatus(HttpStatus.UNAUTHORIZED);
            assertThat(write(write, "Basic dXNlcjpwYXNz")).as(write[1]).hasStatus(HttpStatus.UNAUTHORIZED);
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void everyWriteWithAReaderTokenIs403() {
        for (String[] write : WRITES) {
            MvcTestResult result = write(write, TestTokens.READER);
            assertThat(result).as(write[1]).hasStatus(HttpStatus.FORBIDDEN)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(403);
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void everyReadNeedsAToken() {
        for (String read : READS) {
            assertThat(mvc.get().uri(read)).as(read).hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        verifyNoInteractions(jobs);
    }

    @Test
    void readersAndSubmittersMayRead() {
        assertThat(mvc.get().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.READER))
                .hasStatus(HttpStatus.OK);
        assertThat(mvc.get().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER))
                .hasStatus(HttpStatus.OK);
    }

    @Test
    void thePageIsOpen() {
        assertThat(mvc.get().uri("/index.html")).hasStatus(HttpStatus.OK);
    }

    @Test
    void otherMethodsAreRefused() {
        assertThat(mvc.put().uri("/api/jobs").header(HttpHeaders.AUTHORIZATION, TestTokens.SUBMITTER))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.put().uri("/api/jobs")).hasStatus(HttpStatus.UNAUTHORIZED);
    }
}

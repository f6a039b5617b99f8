package dev.trainboard.gateway.system;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the API answers is an RFC 9457 problem body. Bad input carries an {@code errors} list of
 * {@link FieldViolation}s; trouble with the metrics service becomes 503 (unreachable) or 502 (failed).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private final BodyReadErrors bodyReadErrors;

    ProblemHandler(BodyReadErrors bodyReadErrors) {
        this.bodyReadErrors = bodyReadErrors;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException exception, WebRequest request) {
        return badRequest(exception, exception.violations(), request);
    }

    @ExceptionHandler(UpstreamProblemException.class)
    ResponseEntity<Object> upstream(UpstreamProblemException exception, WebRequest request) {
        if (exception.status().is4xxClientError()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(exception.status(), exception.detail());
            problem.setTitle(exception.title());
            return respond(exception, problem, new HttpHeaders(), request);
        }
        if (exception.status().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            return unavailable(exception, request);
        }
        logger.warn("The metrics service failed", exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The metrics service failed to answer: " + exception.detail());
        return respond(exception, problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<Object> unreachable(ResourceAccessException exception, WebRequest request) {
        return unavailable(exception, request);
    }

    @ExceptionHandler(RestClientException.class)
    ResponseEntity<Object> unreadable(RestClientException exception, WebRequest request) {
        logger.warn("Unexpected answer from the metrics service", exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The metrics service gave an answer the gateway could not read");
        return respond(exception, problem, new HttpHeaders(), request);
    }

    private ResponseEntity<Object> unavailable(Exception exception, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The metrics service is not reachable; try again shortly");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return respond(exception, problem, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (BodyReadErrors.causedBy(exception, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is too large");
            return respond(exception, problem, headers, request);
        }
        return badRequest(exception, List.of(bodyReadErrors.describe(exception)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        for (FieldError error : exception.getBindingResult().getFieldErrors()) {
            violations.add(new FieldViolation(error.getField(), error.getCode(), error.getDefaultMessage()));
        }
        exception.getBindingResult().getGlobalErrors().forEach(error -> violations.add(
                new FieldViolation(BodyReadErrors.BODY, error.getCode(), error.getDefaultMessage())));
        return badRequest(exception, violations, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        exception.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                body.getFieldErrors().forEach(error -> violations.add(
                        new FieldViolation(error.getField(), error.getCode(), error.getDefaultMessage())));
                return;
            }
            String field = parameterName(result.getMethodParameter());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                violations.add(new FieldViolation(field, rule(error), error.getDefaultMessage()));
            }
        });
        return badRequest(exception, violations, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException exception, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = exception instanceof MethodArgumentTypeMismatchException mismatch
                ? parameterName(mismatch.getParameter())
                : String.valueOf(exception.getPropertyName());
        Class<?> type = exception.getRequiredType();
        String expected = type == null ? "a different value" : describe(type);
        return badRequest(exception, List.of(new FieldViolation(field, "Type", "Must be " + expected)), request);
    }

    /** A path variable that converts to nothing, e.g. a blank job id. */
    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(MissingPathVariableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String expected = describe(exception.getParameter().getParameterType());
        return badRequest(exception, List.of(new FieldViolation(exception.getVariableName(), "Type",
                "Must be " + expected)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return badRequest(exception, List.of(new FieldViolation(exception.getParameterName(), "Required",
                "This parameter is required")), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getInstance() == null
                && request instanceof ServletWebRequest servlet) {
            problem.setInstance(ProblemResponses.instance(servlet.getRequest().getRequestURI()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> badRequest(Exception exception, List<FieldViolation> violations,
            WebRequest request) {
        return respond(exception, ProblemResponses.invalidRequest(violations), new HttpHeaders(), request);
    }

    private ResponseEntity<Object> respond(Exception exception, ProblemDetail problem, HttpHeaders headers,
            WebRequest request) {
        return handleExceptionInternal(exception, problem, headers, HttpStatusCode.valueOf(problem.getStatus()),
                request);
    }

    private static String rule(MessageSourceResolvable error) {
        String[] codes = error.getCodes();
        return codes == null || codes.length == 0 ? "Invalid" : codes[codes.length - 1];
    }

    private static String parameterName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
        if (variable != null && !variable.name().isEmpty()) {
            return variable.name();
        }
        return parameter.getParameterName();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "a " + type.getSimpleName();
    }
}

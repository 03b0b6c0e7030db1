package io.modelmarket.server.web;

import io.modelmarket.dataset.DatasetException;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.server.registry.ModelNotFoundException;
import io.modelmarket.verify.SandboxGate;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors as RFC 9457 problem details in the project's own words: the {@code detail} of the project's
 * exceptions says exactly what is wrong; a library's message is never passed through (it may carry a URL with
 * an API key, a path or a stack's worth of internals). What the project did not foresee is a 500 whose detail
 * names a reference to the log line that has the cause.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final int MAX_DETAIL = 500;

    @ExceptionHandler({ModelNotFoundException.class, ContentNotFoundException.class})
    ProblemDetail notFound(Exception e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(DatasetException.class)
    ProblemDetail badData(DatasetException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
    }

    /** The project's own argument checks say what is wrong; a library's (a number that does not parse, say) do not. */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", ours(e) ? e.getMessage() : "a value in the request is not valid");
    }

    /** The IPFS node is down: the request may succeed later; the detail names the node (scheme, host and port only). */
    @ExceptionHandler(KuboRpcClient.NodeUnreachableException.class)
    ProblemDetail ipfsUnreachable(KuboRpcClient.NodeUnreachableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "IPFS node unreachable", Redaction.redact(e.getMessage()));
    }

    @ExceptionHandler(ContentCorruptedException.class)
    ProblemDetail corrupted(ContentCorruptedException e) {
        return problem(HttpStatus.BAD_GATEWAY, "Stored content does not match its CID", e.getMessage());
    }

    /**
     * A form field that does not convert (an amount that is not a decimal string of wei, say) is named, with
     * why when the project's own parser said so.
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream().map(ProblemDetailsAdvice::explain).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                bounded(detail.isEmpty() ? "the request's fields are not valid" : detail));
        problem.setTitle("Invalid input");
        return super.handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String explain(FieldError error) {
        if (error.isBindingFailure()) {
            try {
                Throwable cause = error.unwrap(org.springframework.beans.TypeMismatchException.class).getMostSpecificCause();
                if (cause instanceof IllegalArgumentException parseError && ours(parseError)) {
                    return error.getField() + ": " + parseError.getMessage();
                }
            } catch (IllegalArgumentException notATypeMismatch) {
                // fall through: the field is named without a library's message
            }
            return error.getField() + ": has the wrong type";
        }
        return error.getField() + ": " + error.getDefaultMessage();
    }

    @ExceptionHandler(SandboxGate.BusyException.class)
    ResponseEntity<ProblemDetail> busy(SandboxGate.BusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.warn("request failed (reference {}): {}: {}", reference, e.getClass().getName(), Redaction.redact(e.getMessage()));
        LOG.debug("request failed (reference " + reference + ")", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server could not complete this request; its log has the cause under reference " + reference);
    }

    /** Spring's own errors (wrong method, media type, missing part, unreadable body...): in our words too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            String detail = detailOf(e);
            if (e instanceof HttpMessageNotReadableException && causedBy(e, RequestGuard.BodyTooLargeException.class) != null) {
                status = HttpStatus.PAYLOAD_TOO_LARGE;
                problem.setStatus(status.value());
                problem.setTitle("Request too large");
                detail = causedBy(e, RequestGuard.BodyTooLargeException.class).getMessage();
            }
            if (detail != null) {
                problem.setDetail(detail);
            }
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String detailOf(Exception e) {
        if (e instanceof HttpRequestMethodNotSupportedException) {
            return "this endpoint does not take that method";
        }
        if (e instanceof HttpMediaTypeNotSupportedException unsupported) {
            return "this endpoint takes " + unsupported.getSupportedMediaTypes();
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return "this endpoint answers in JSON only";
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return "the request needs the parameter '" + missing.getParameterName() + "'";
        }
        if (e instanceof MissingServletRequestPartException missing) {
            return "the request needs the part '" + missing.getRequestPartName() + "'";
        }
        if (e instanceof HttpMessageNotReadableException) {
            return "the request body is not what this endpoint reads (JSON of the documented shape)";
        }
        if (e instanceof MaxUploadSizeExceededException) {
            return "the upload is larger than this server accepts";
        }
        if (e instanceof NoResourceFoundException) {
            return "nothing here";
        }
        if (e instanceof org.springframework.beans.TypeMismatchException mismatch) {
            return "'" + mismatch.getPropertyName() + "' has the wrong type";
        }
        return null;
    }

    private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Whether the exception was thrown by the project's own code (its message is then in our words). */
    private static boolean ours(Exception e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.modelmarket.") && e.getMessage() != null;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, bounded(detail));
        problem.setTitle(title);
        return problem;
    }

    /** At most {@value #MAX_DETAIL} characters, without control characters. */
    private static String bounded(String detail) {
        if (detail == null) {
            return null;
        }
        String clean = detail.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "…" : clean;
    }
}

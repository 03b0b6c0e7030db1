package io.modelmarket.server.api;

import io.modelmarket.dataset.DatasetException;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.registry.ModelNotFoundException;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Errors as RFC 9457 problem details whose {@code detail} says exactly what is wrong. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler({ModelNotFoundException.class, ContentNotFoundException.class})
    ProblemDetail notFound(Exception e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e);
    }

    @ExceptionHandler({DatasetException.class, IllegalArgumentException.class})
    ProblemDetail badInput(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e);
    }

    @ExceptionHandler(ContentCorruptedException.class)
    ProblemDetail corrupted(ContentCorruptedException e) {
        return problem(HttpStatus.BAD_GATEWAY, "Stored content does not match its CID", e);
    }

    /** A form field that does not convert (an amount that is not a decimal string of wei, say) is named, with why. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream().map(ProblemDetailsAdvice::explain).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.isEmpty() ? "Invalid request content." : detail);
        problem.setTitle("Invalid input");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String explain(FieldError error) {
        if (error.isBindingFailure()) {
            try {
                return error.getField() + ": " + error.unwrap(TypeMismatchException.class).getMostSpecificCause().getMessage();
            } catch (IllegalArgumentException notATypeMismatch) {
                // fall through to the binder's message
            }
        }
        return error.getField() + ": " + error.getDefaultMessage();
    }

    private static ProblemDetail problem(HttpStatus status, String title, Exception e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        return problem;
    }
}

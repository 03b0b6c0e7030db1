package io.modelmarket.server.api;

import io.modelmarket.dataset.DatasetException;
import io.modelmarket.ipfs.ContentCorruptedException;
import io.modelmarket.ipfs.ContentNotFoundException;
import io.modelmarket.registry.ModelNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
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

    private static ProblemDetail problem(HttpStatus status, String title, Exception e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        return problem;
    }
}

package io.modelmarket.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first thing every request meets, before its body is read:
 *
 * <ul>
 *   <li><b>CSRF</b>: a state-changing request to {@code /api/**} must carry the header {@value #CLIENT_HEADER}
 *       (any value). A web page of another site cannot send a custom header without a CORS preflight, which
 *       the server grants only to the configured UI origin; a plain form or multipart POST from any page is
 *       refused (403). The operator endpoints are exempt: their bearer token is never sent by a browser on
 *       its own.
 *   <li><b>Size</b>: each endpoint has its largest body ({@link RequestLimitsProperties}); a larger
 *       {@code Content-Length} is refused at once (413) and a body without one is counted as it is read.
 *   <li><b>Rate</b>: the expensive endpoints (file uploads, predictions) take a token per client address;
 *       without one, 429 with {@code Retry-After}.
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestGuard extends OncePerRequestFilter {
    /** The header every state-changing API request must carry (the web UI sends {@code web}). */
    public static final String CLIENT_HEADER = "X-ModelMarket-Client";

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern REVEALED_MODEL = Pattern.compile("/api/bounties/[^/]+/models");
    private static final Pattern PREDICT = Pattern.compile("/api/models/[^/]+/predict");
    private static final Set<String> DATA_FILES = Set.of("/api/files/training", "/api/files/sealed-test-inputs");

    /** What one endpoint may receive, and the bucket its requests draw from (null: not rate limited). */
    record Route(String name, DataSize maxBody, RateLimiter rate) {}

    private final RequestLimitsProperties limits;
    private final RateLimiter uploads;
    private final RateLimiter predictions;

    public RequestGuard(RequestLimitsProperties limits) {
        this.limits = limits;
        this.uploads = new RateLimiter(limits.uploadsPerMinute(), System::nanoTime);
        this.predictions = new RateLimiter(limits.predictionsPerMinute(), System::nanoTime);
    }

    /** The route of a request by its decoded, normalized path (what Spring MVC matches too). */
    Route route(String method, String path) {
        if (!"POST".equals(method)) {
            return new Route("request", limits.otherBody(), null);
        }
        if (DATA_FILES.contains(path)) {
            return new Route("a data file", limits.datasetUpload(), uploads);
        }
        if (path.equals("/api/files/metadata")) {
            return new Route("a metadata file", limits.otherBody(), uploads);
        }
        if (path.equals("/api/files/evidence")) {
            return new Route("an evidence file", limits.otherBody(), uploads);
        }
        if (REVEALED_MODEL.matcher(path).matches()) {
            return new Route("a model upload", limits.modelUpload(), uploads);
        }
        if (PREDICT.matcher(path).matches()) {
            return new Route("a prediction request", limits.predictUpload(), predictions);
        }
        return new Route("request", limits.otherBody(), null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (!STATE_CHANGING.contains(method)) {
            chain.doFilter(request, response);
            return;
        }
        // The servlet path is decoded, with path parameters (";...") and repeated slashes already removed.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String instance = request.getRequestURI();
        if (path.startsWith("/api/") && !path.startsWith("/api/operator/")) {
            String client = request.getHeader(CLIENT_HEADER);
            if (client == null || client.isBlank()) {
                Problems.write(response, HttpStatus.FORBIDDEN, "Missing client header", "state-changing requests need the header "
                        + CLIENT_HEADER + " (any value), which a page of another site cannot send", instance);
                return;
            }
        }
        Route route = route(method, path);
        long maxBytes = route.maxBody().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Request too large",
                    route.name() + " may be at most " + describe(route.maxBody()) + "; this one is " + describe(DataSize.ofBytes(declared)), instance);
            return;
        }
        if (route.rate() != null) {
            Optional<Duration> wait = route.rate().take(request.getRemoteAddr());
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
                Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                        "too many of these requests from your address; try again in " + seconds + " s", instance);
                return;
            }
        }
        request.setAttribute(MAX_BODY_ATTRIBUTE, maxBytes);
        boolean multipart = request.getContentType() != null && request.getContentType().toLowerCase().startsWith("multipart/");
        chain.doFilter(multipart ? request : new BoundedRequest(request, maxBytes, route.name(), route.maxBody()), response);
    }

    /** The request attribute holding the route's largest body in bytes (for the multipart check after parsing). */
    public static final String MAX_BODY_ATTRIBUTE = RequestGuard.class.getName() + ".maxBody";

    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= (1L << 20)) {
            return String.format("%.1f MB", bytes / (double) (1L << 20));
        }
        return bytes >= 1024 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    /** A body that turned out larger than its route allows while it was read (it had no Content-Length). */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** Counts the body as it is read and stops at the route's limit. */
    private static final class BoundedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private final String what;
        private final DataSize limit;
        private ServletInputStream stream;

        BoundedRequest(HttpServletRequest request, long maxBytes, String what, DataSize limit) {
            super(request);
            this.maxBytes = maxBytes;
            this.what = what;
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, (int) Math.min(length, maxBytes + 1 - read));
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > maxBytes) {
                            throw new BodyTooLargeException(what + " may be at most " + describe(limit));
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}

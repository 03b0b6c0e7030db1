package io.modelmarket.server;

import io.modelmarket.server.web.RequestGuard;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/** What every API client does: state-changing requests carry {@link RequestGuard#CLIENT_HEADER} (the CSRF guard). */
public final class ApiClients {
    private static final ClientHttpRequestInterceptor CLIENT_HEADER = (request, body, execution) -> {
        request.getHeaders().set(RequestGuard.CLIENT_HEADER, "test");
        return execution.execute(request, body);
    };

    private ApiClients() {}

    /** Makes {@code http} send the client header, as the web UI and the CLI do. */
    public static TestRestTemplate asApiClient(TestRestTemplate http) {
        if (!http.getRestTemplate().getInterceptors().contains(CLIENT_HEADER)) {
            http.getRestTemplate().getInterceptors().add(CLIENT_HEADER);
        }
        return http;
    }
}

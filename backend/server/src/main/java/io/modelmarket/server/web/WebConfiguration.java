package io.modelmarket.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS: only the configured UI origin may call the API from a browser, and only to read and run (with the
 * {@link RequestGuard#CLIENT_HEADER} header). And the per-endpoint size of a multipart body that came without
 * a Content-Length, checked once its parts are on disk.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
    private final String uiOrigin;

    WebConfiguration(@Value("${modelmarket.cors-origin}") String uiOrigin) {
        this.uiOrigin = uiOrigin;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/**").allowedOrigins(uiOrigin).allowedMethods("GET", "POST")
                .allowedHeaders(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, RequestGuard.CLIENT_HEADER);
        registry.addMapping("/ipfs/**").allowedOrigins(uiOrigin).allowedMethods("GET");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                if (!(request instanceof MultipartHttpServletRequest multipart) || !(request.getAttribute(RequestGuard.MAX_BODY_ATTRIBUTE) instanceof Long max)) {
                    return true;
                }
                long total = 0;
                for (List<MultipartFile> files : multipart.getMultiFileMap().values()) {
                    for (MultipartFile file : files) {
                        total += file.getSize();
                    }
                }
                if (total <= max) {
                    return true;
                }
                response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,\"detail\":\"the upload may be at most "
                        + DataSize.ofBytes(max).toMegabytes() + " MB\"}");
                return false;
            }
        });
    }
}

package io.modelmarket.server.api;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** CORS: only the configured UI origin may call the API from a browser, and only to read and run. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
    private final String uiOrigin;

    WebConfiguration(@Value("${modelmarket.cors-origin}") String uiOrigin) {
        this.uiOrigin = uiOrigin;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/**").allowedOrigins(uiOrigin).allowedMethods("GET", "POST");
        registry.addMapping("/ipfs/**").allowedOrigins(uiOrigin).allowedMethods("GET");
    }
}

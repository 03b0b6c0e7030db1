package io.modelmarket.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may be and how often a client may ask for expensive work ({@code modelmarket.limits}).
 *
 * @param datasetUpload the largest training CSV or sealed test inputs ({@code POST /api/files/training},
 *     {@code /api/files/sealed-test-inputs})
 * @param modelUpload the largest revealed model ({@code POST /api/bounties/{id}/models})
 * @param predictUpload the largest body of {@code POST /api/models/{id}/predict} (JSON rows or a CSV)
 * @param otherBody the largest body of any other request (the metadata and evidence uploads included)
 * @param uploadsPerMinute file uploads one client may make per minute (and at once)
 * @param predictionsPerMinute prediction calls (a sandboxed model run each) one client may make per minute
 */
@ConfigurationProperties("modelmarket.limits")
public record RequestLimitsProperties(
        @DefaultValue("200MB") DataSize datasetUpload,
        @DefaultValue("200MB") DataSize modelUpload,
        @DefaultValue("32MB") DataSize predictUpload,
        @DefaultValue("1MB") DataSize otherBody,
        @DefaultValue("10") int uploadsPerMinute,
        @DefaultValue("60") int predictionsPerMinute) {}

package org.medledger.booking.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One page of a list answer.
 *
 * @param items the entries of this page
 * @param page zero-based page number
 * @param size page size asked for
 * @param totalItems entries on all pages
 */
@Schema(description = "One page of a list answer")
public record PageView<T>(
        @Schema(description = "Entries of this page") List<T> items,
        @Schema(description = "Zero-based page number") int page,
        @Schema(description = "Page size asked for") int size,
        @Schema(description = "Entries on all pages") long totalItems) {
}

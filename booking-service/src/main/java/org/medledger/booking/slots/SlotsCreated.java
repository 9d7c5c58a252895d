package org.medledger.booking.slots;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to a publication.
 *
 * @param id the slot's id when one slot was published, absent for a pattern
 * @param ids the ids of all slots published, in start order
 * @param count how many slots were published
 */
@Schema(description = "The published slots: `id` for a single slot (absent for a pattern), `ids` and `count` always")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlotsCreated(
        @Schema(description = "Id of the slot, for a single-slot publication", nullable = true) String id,
        @Schema(description = "Ids of all published slots, in start order") List<String> ids,
        @Schema(description = "Number of published slots") int count) {

    static SlotsCreated of(List<String> ids, boolean single) {
        return new SlotsCreated(single ? ids.getFirst() : null, List.copyOf(ids), ids.size());
    }
}

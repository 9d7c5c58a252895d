package org.medledger.identity.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One page of a list answer. The body is the JSON array of the page's entries (the directory's contract is an array);
 * the paging travels in headers: {@value #TOTAL_COUNT} (entries on all pages) and an RFC 8288 {@code Link} header with
 * {@code next} and {@code prev} where they exist.
 *
 * @param items entries of this page
 * @param params the page asked for
 * @param total entries on all pages
 */
public record Paged<T>(List<T> items, PageRequestParams params, long total) {

    public static final String TOTAL_COUNT = "X-Total-Count";

    public <R> Paged<R> map(Function<T, R> mapper) {
        return new Paged<>(items.stream().map(mapper).toList(), params, total);
    }

    /** The answer, with the paging headers; links keep the request's other query parameters. */
    public ResponseEntity<List<T>> toResponse(UriComponentsBuilder request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TOTAL_COUNT, Long.toString(total));
        StringBuilder links = new StringBuilder();
        if (params.offset() + items.size() < total) {
            links.append(link(request, params.page() + 1, "next"));
        }
        if (params.page() > 0) {
            if (!links.isEmpty()) {
                links.append(", ");
            }
            links.append(link(request, params.page() - 1, "prev"));
        }
        if (!links.isEmpty()) {
            headers.set(HttpHeaders.LINK, links.toString());
        }
        return ResponseEntity.ok().headers(headers).body(items);
    }

    private String link(UriComponentsBuilder request, int page, String rel) {
        String uri = request.cloneBuilder()
                .replaceQueryParam("page", page)
                .replaceQueryParam("size", params.size())
                .build()
                .toUriString();
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}

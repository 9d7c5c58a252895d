package org.medledger.identity.web;

import org.medledger.support.web.InvalidRequestException;

/**
 * Checked paging parameters of a list endpoint.
 *
 * @param page zero-based page
 * @param size entries per page
 */
public record PageRequestParams(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /**
     * @param page zero-based page, null for the first
     * @param size page size, null for {@value #DEFAULT_SIZE}
     * @throws InvalidRequestException when out of range
     */
    public static PageRequestParams of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || p > 10_000) {
            throw new InvalidRequestException("invalid-paging", "page must be between 0 and 10000.");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidRequestException("invalid-paging", "size must be between 1 and " + MAX_SIZE + ".");
        }
        return new PageRequestParams(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}

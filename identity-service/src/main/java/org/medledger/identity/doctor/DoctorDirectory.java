package org.medledger.identity.doctor;

import java.util.Locale;
import java.util.regex.Pattern;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.ProfileStatus;
import org.medledger.identity.profile.Role;
import org.medledger.identity.web.PageRequestParams;
import org.medledger.identity.web.Paged;
import org.medledger.support.web.InvalidRequestException;
import org.medledger.support.web.NotFoundException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The public directory of approved doctors, and the admins' list of pending ones. */
@Service
public class DoctorDirectory {

    static final int MAX_QUERY_LENGTH = 100;
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

    private final ReactiveMongoTemplate mongo;

    public DoctorDirectory(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Approved doctors, optionally of one specialization and whose name contains {@code q} (case-insensitively).
     *
     * @param sort {@code name} or {@code specialization}, optionally followed by {@code ,asc} or {@code ,desc};
     *     null for by name
     */
    public Mono<Paged<DirectoryEntry>> search(String specialization, String q, String sort, PageRequestParams page) {
        Criteria criteria = Criteria.where(Profile.Fields.ROLE).is(Role.DOCTOR).and(Profile.Fields.STATUS).is(ProfileStatus.APPROVED);
        if (specialization != null && !specialization.isBlank()) {
            criteria = criteria.and(Profile.Fields.SPECIALIZATION).is(specialization.trim());
        }
        if (q != null && !q.isBlank()) {
            String needle = q.trim();
            if (needle.length() > MAX_QUERY_LENGTH) {
                throw new InvalidRequestException("invalid-query", "q may be at most " + MAX_QUERY_LENGTH + " characters.");
            }
            criteria = criteria.and(Profile.Fields.NAME_KEY).regex(literal(Profile.nameKey(needle)));
        }
        return page(Query.query(criteria), sortOf(sort), page).map(paged -> paged.map(DirectoryEntry::of));
    }

    /** One approved doctor; 404 for anyone else (pending, rejected, not a doctor, unknown alike). */
    public Mono<DirectoryEntry> approved(String doctorId) {
        return mongo.findOne(Query.query(Criteria.where(Profile.Fields.USER_ID).is(doctorId)
                        .and(Profile.Fields.ROLE).is(Role.DOCTOR).and(Profile.Fields.STATUS).is(ProfileStatus.APPROVED)), Profile.class)
                .map(DirectoryEntry::of)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("doctor-not-found", "There is no such doctor in the directory.")));
    }

    /** Doctors awaiting a decision, oldest registration first. */
    public Mono<Paged<PendingDoctor>> pending(PageRequestParams page) {
        Query query = Query.query(Criteria.where(Profile.Fields.ROLE).is(Role.DOCTOR).and(Profile.Fields.STATUS).is(ProfileStatus.PENDING));
        return page(query, Sort.by(Profile.Fields.REGISTERED_AT, Profile.Fields.USER_ID), page)
                .map(paged -> paged.map(PendingDoctor::of));
    }

    private Mono<Paged<Profile>> page(Query query, Sort sort, PageRequestParams page) {
        Mono<Long> total = mongo.count(Query.of(query), Profile.class);
        Mono<java.util.List<Profile>> items = mongo.find(Query.of(query).with(sort).skip(page.offset()).limit(page.size()), Profile.class)
                .collectList();
        return Mono.zip(items, total).map(both -> new Paged<>(both.getT1(), page, both.getT2()));
    }

    /** Parses {@code name[,asc|desc]} or {@code specialization[,asc|desc]}; the user id breaks ties. */
    static Sort sortOf(String sort) {
        if (sort == null || sort.isBlank()) {
            return Sort.by(Profile.Fields.NAME_KEY, Profile.Fields.USER_ID);
        }
        String[] parts = sort.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("asc") && !parts[1].equals("desc"))) {
            throw invalidSort();
        }
        Sort.Direction direction = parts.length == 2 && parts[1].equals("desc") ? Sort.Direction.DESC : Sort.Direction.ASC;
        return switch (parts[0]) {
            case "name" -> Sort.by(direction, Profile.Fields.NAME_KEY).and(Sort.by(Profile.Fields.USER_ID));
            case "specialization" -> Sort.by(direction, Profile.Fields.SPECIALIZATION)
                    .and(Sort.by(Profile.Fields.NAME_KEY, Profile.Fields.USER_ID));
            default -> throw invalidSort();
        };
    }

    private static InvalidRequestException invalidSort() {
        return new InvalidRequestException("invalid-sort", "sort must be name or specialization, optionally followed by ,asc or ,desc.");
    }

    /** A regular expression matching {@code text} literally anywhere (no user-supplied regex reaches the database). */
    static String literal(String text) {
        return REGEX_SPECIAL.matcher(text).replaceAll("\\\\$0");
    }
}

package org.medledger.booking;

import java.util.UUID;
import org.medledger.support.test.Jwts;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.JwtMutator;

/** Fresh users for each test, so tests sharing one database never see each other's data. */
public record TestUsers(String id, String[] roles) {

    public static TestUsers doctor() {
        return new TestUsers(UUID.randomUUID().toString(), new String[] {"doctor"});
    }

    public static TestUsers patient() {
        return new TestUsers(UUID.randomUUID().toString(), new String[] {"patient"});
    }

    public static TestUsers withRoles(String... roles) {
        return new TestUsers(UUID.randomUUID().toString(), roles);
    }

    public JwtMutator jwt() {
        return Jwts.user(id, roles);
    }
}

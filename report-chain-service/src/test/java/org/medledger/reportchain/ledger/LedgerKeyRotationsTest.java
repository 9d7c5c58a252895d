package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.ForbiddenException;
import reactor.test.StepVerifier;

/** {@link LedgerKeyRotations} refusals that need no database: wrong role, a signer the service cannot rotate. */
class LedgerKeyRotationsTest {

  private final LedgerKeyRotations fixedSigner = new LedgerKeyRotations(null, null, null,
      LedgerSigningKeys.fixed(LedgerSigner.generate()), Clock.systemUTC());

  @Test
  void rotate_fixedSigner_conflictNamingTheReason() {
    CurrentUser admin = new CurrentUser("admin-1", null, null, Set.of(CurrentUser.ADMIN));

    fixedSigner.rotate(admin).as(StepVerifier::create)
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ConflictException.class, conflict -> {
          assertThat(conflict.type().toString()).endsWith("/ledger-key-not-rotatable");
          assertThat(conflict.getMessage()).contains("aws-kms");
        }))
        .verify();
  }

  @Test
  void rotate_nonAdmin_forbiddenBeforeAnythingElse() {
    CurrentUser doctor = new CurrentUser("doctor-1", null, null, Set.of(CurrentUser.DOCTOR));

    fixedSigner.rotate(doctor).as(StepVerifier::create).expectError(ForbiddenException.class).verify();
  }
}

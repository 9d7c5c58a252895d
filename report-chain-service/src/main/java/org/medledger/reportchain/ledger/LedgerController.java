package org.medledger.reportchain.ledger;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public ledger: signed heads, blocks, the signing keys and proofs, for any authenticated user; key rotation for
 * admins.
 */
@RestController
@RequestMapping("/api/ledger")
@Tag(name = "Ledger", description = "The tamper-evident ledger: signed tree heads, blocks, proofs (RFC 9162)")
class LedgerController {

  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final LedgerQueries queries;
  private final LedgerKeyRotations rotations;

  LedgerController(LedgerQueries queries, LedgerKeyRotations rotations) {
    this.queries = queries;
    this.rotations = rotations;
  }

  @GetMapping("/head")
  @Operation(summary = "The latest signed tree head (the header of the latest block); 404 before the first block")
  Mono<SignedHeader> head() {
    return queries.latestHead();
  }

  @GetMapping(path = "/blocks/{height}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "A block: signed header, entries, compact range before it; byte for byte the blockJson "
      + "of its BlockSealed event",
      responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Block.class))))
  Mono<String> block(@PathVariable @Min(0) long height) {
    return queries.block(height).map(LedgerJson::write);
  }

  @GetMapping("/public-key")
  @Operation(summary = "The Ed25519 key that signs new block headers: PEM, key id, algorithm (earlier keys: /keys)")
  Mono<LedgerPublicKey> publicKey() {
    return queries.keys().map(keys -> {
      LedgerKeyVersion current = keys.keys().getLast();
      return new LedgerPublicKey(current.algorithm(), current.keyId(), current.pem());
    });
  }

  @GetMapping("/keys")
  @Operation(summary = "Every key that has signed the ledger, oldest first, with the first block height each signs")
  Mono<PublishedLedgerKeys> keys() {
    return queries.keys();
  }

  @PostMapping("/keys/rotate")
  @Operation(summary = "Rotate the ledger signing key (admin)", description = "Creates a new Ed25519 key in the local "
      + "keyring and announces it on the ledger in a block signed by the old key; later blocks are signed by the new "
      + "key. Answers once the announcement is sealed. Old keys stay published at /keys.")
  @ApiResponse(responseCode = "200", description = "Rotated")
  @ApiResponse(responseCode = "403", description = "`role-required`",
      content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
          schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "409", description = "`ledger-key-not-rotatable`: the signer is not the local keyring's",
      content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
          schema = @Schema(implementation = ProblemDetail.class)))
  Mono<LedgerKeyRotations.Result> rotate(@AuthenticationPrincipal Jwt jwt) {
    return rotations.rotate(CurrentUser.of(jwt));
  }

  @GetMapping("/proofs/inclusion")
  @Operation(summary = "Inclusion proof of a sealed entry against a signed head (409 while the entry is pending)")
  Mono<LedgerInclusionProof> inclusion(
      @Parameter(description = "entry id") @RequestParam @Pattern(regexp = UUID, message = "must be a ledger entry id (lowercase UUID)") String entry,
      @Parameter(description = "tree size of a signed head; default the latest") @RequestParam(required = false) @Min(1) Long treeSize) {
    return queries.inclusion(entry, treeSize);
  }

  @GetMapping("/proofs/consistency")
  @Operation(summary = "Consistency proof between the signed heads of two tree sizes")
  Mono<LedgerConsistencyProof> consistency(
      @Parameter(description = "older tree size (of a signed head)") @RequestParam @Min(1) long from,
      @Parameter(description = "newer tree size (of a signed head)") @RequestParam @Min(1) long to) {
    return queries.consistency(from, to);
  }
}

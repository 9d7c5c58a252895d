package org.medledger.reportchain.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The reference test data of Certificate Transparency, as published in transparency-dev/merkle
 * {@code proof/verify_test.go} (originally google/certificate-transparency; Apache-2.0 test data): eight leaves,
 * the roots of the trees over the first 1..8 of them, and known-good inclusion and consistency proofs.
 * Leaf numbers in the proofs are 0-based here (the Go file lists them 1-based).
 *
 * <p>Also a straightforward recursive RFC 6962 MTH / PATH / PROOF, written from RFC 9162 §2.1 independently
 * of the production code, to compare against.
 */
final class Rfc6962TestVectors {

  private static final HexFormat HEX = HexFormat.of();

  static final List<byte[]> LEAVES = hexList(
      "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

  /** ROOTS.get(n - 1) is the root of the tree over the first n leaves. */
  static final List<byte[]> ROOTS = hexList(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  static final byte[] EMPTY_ROOT =
      HEX.parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  static final byte[] SOME_HASH =
      HEX.parseHex("abacaba000000000000000000000000000000000000000000060061e00123456");

  record Inclusion(long leafIndex, long treeSize, List<byte[]> proof) {}

  record Consistency(long size1, long size2, List<byte[]> proof) {}

  static final List<Inclusion> INCLUSION_PROOFS = List.of(
      new Inclusion(0, 1, List.of()),
      new Inclusion(0, 8, hexList(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Inclusion(5, 8, hexList(
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Inclusion(2, 3, hexList(
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
      new Inclusion(1, 5, hexList(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  static final List<Consistency> CONSISTENCY_PROOFS = List.of(
      new Consistency(1, 1, List.of()),
      new Consistency(1, 8, hexList(
          "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Consistency(6, 8, hexList(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Consistency(2, 5, hexList(
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
      new Consistency(6, 7, hexList(
          "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

  private Rfc6962TestVectors() {}

  static List<byte[]> leafHashes() {
    return LEAVES.stream().map(MerkleHasher::hashLeaf).toList();
  }

  /** Deterministic distinct leaf hashes for property tests. */
  static List<byte[]> syntheticLeafHashes(int count) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(MerkleHasher.hashLeaf(("leaf-" + i).getBytes(StandardCharsets.US_ASCII)));
    }
    return out;
  }

  /** RFC 9162 §2.1.1 MTH, recursively over a list of leaf hashes. */
  static byte[] referenceRoot(List<byte[]> leafHashes) {
    int n = leafHashes.size();
    if (n == 0) {
      return EMPTY_ROOT.clone();
    }
    if (n == 1) {
      return leafHashes.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return MerkleHasher.hashChildren(referenceRoot(leafHashes.subList(0, k)),
        referenceRoot(leafHashes.subList(k, n)));
  }

  /** RFC 9162 §2.1.3.1 PATH(m, D[n]). */
  static List<byte[]> referencePath(int m, List<byte[]> leafHashes) {
    int n = leafHashes.size();
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(referencePath(m, leafHashes.subList(0, k)));
      out.add(referenceRoot(leafHashes.subList(k, n)));
    } else {
      out.addAll(referencePath(m - k, leafHashes.subList(k, n)));
      out.add(referenceRoot(leafHashes.subList(0, k)));
    }
    return out;
  }

  /** RFC 9162 §2.1.4.1 PROOF(m, D[n]) for 0 &lt; m &lt; n (empty otherwise). */
  static List<byte[]> referenceConsistency(int m, List<byte[]> leafHashes) {
    if (m == 0 || m == leafHashes.size()) {
      return List.of();
    }
    return subproof(m, leafHashes, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
    int n = d.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(referenceRoot(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(referenceRoot(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(referenceRoot(d.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> hexList(String... hex) {
    return Arrays.stream(hex).map(HEX::parseHex).toList();
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}

package org.medledger.reportchain.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Content equality and hex rendering for lists of hashes. */
final class Hashes {

  private Hashes() {}

  static boolean equal(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  static int hashCode(List<byte[]> hashes) {
    int result = 1;
    for (byte[] hash : hashes) {
      result = 31 * result + Arrays.hashCode(hash);
    }
    return result;
  }

  static String toHex(List<byte[]> hashes) {
    return hashes.stream().map(HexFormat.of()::formatHex).toList().toString();
  }
}

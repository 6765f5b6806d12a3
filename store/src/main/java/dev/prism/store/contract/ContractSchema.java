package dev.prism.store.contract;

/** The {@code schemaVersion} rule shared by the contract documents. */
final class ContractSchema {
  private ContractSchema() {}

  /**
   * The schema version a document declares: 0 (the field is absent: written before it existed) is
   * read as 1.
   *
   * @param declared the document's {@code schemaVersion}, 0 when absent
   * @param newest the newest schema this code reads
   * @param document the document's name, for the message
   * @throws IllegalArgumentException when {@code declared} is negative or newer than {@code newest}
   */
  static int check(int declared, int newest, String document) {
    if (declared == 0) {
      return 1;
    }
    if (declared < 0 || declared > newest) {
      throw new IllegalArgumentException(
          document + " declares schemaVersion " + declared + "; this Prism reads 1 to " + newest);
    }
    return declared;
  }
}

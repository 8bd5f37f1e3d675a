/// Entente's version, recorded in the import ledger and in every model file.
public enum EntenteVersion {
    public static let current = "0.1.0"
}

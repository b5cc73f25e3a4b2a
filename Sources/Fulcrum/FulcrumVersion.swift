/// The release a result was computed by, recorded in every output's provenance: a number
/// from another release may differ within Monte Carlo error (samplers change).
public enum FulcrumVersion {
    public static let current = "0.3.0"
}

/** The version `strata --version` prints and every artifact records. */
export const strataVersion = "0.1.0";

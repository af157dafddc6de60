package io.lambdascope.cdk;

/** Compression of export request bodies (`LAMBDASCOPE_EXPORT_COMPRESSION`). */
public enum ExportCompression {
    /** gzip, which OTLP backends accept. */
    GZIP("gzip"),
    /** Uncompressed bodies: less CPU, more bytes on the wire. */
    NONE("none");

    private final String value;

    ExportCompression(String value) {
        this.value = value;
    }

    /**
     * The value of the variable.
     *
     * @return the value of `LAMBDASCOPE_EXPORT_COMPRESSION`
     */
    public String value() {
        return value;
    }
}

package io.lambdascope.extension.config;

/** Compression of export request bodies. */
public enum Compression implements Choice {
    GZIP("gzip"), NONE("none");

    private final String text;

    Compression(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}

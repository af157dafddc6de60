package io.lambdascope.extension.config;

/** The wire format of OTLP export. */
public enum ExportProtocol implements Choice {
    HTTP_PROTOBUF("http/protobuf"), HTTP_JSON("http/json"), GRPC("grpc");

    private final String text;

    ExportProtocol(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}

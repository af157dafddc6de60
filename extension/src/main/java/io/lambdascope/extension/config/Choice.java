package io.lambdascope.extension.config;

/** A constant chosen by name in the environment, such as a protocol or a flush strategy. */
public interface Choice {

    /** The text that selects this constant, as the configuration table shows it. */
    String text();
}

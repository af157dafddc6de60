package io.lambdascope.extension;

/**
 * Entry point of the extension process, started by the layer's {@code extensions/lambdascope}
 * launcher with the launcher's file name as its only argument: read the configuration, register
 * with Lambda, start the listeners, subscribe to the Telemetry API, then follow INVOKE and SHUTDOWN
 * events until the environment ends. {@link Extension} holds that narrative.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the extension and exits with its exit code.
     *
     * @param args the extension name; "lambdascope" when absent
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "lambdascope";
        // Exit explicitly: the server's threads must not keep the process alive past SHUTDOWN.
        System.exit(Extension.run(System.getenv(), name));
    }
}

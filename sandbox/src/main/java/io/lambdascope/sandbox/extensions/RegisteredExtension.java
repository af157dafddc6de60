package io.lambdascope.sandbox.extensions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An extension that registered: what it asked for, the events waiting for its next
 * {@code event/next}, and when it last became idle (called next after its last event).
 */
public final class RegisteredExtension {

    private final String name;
    private final String id;
    private final List<String> events;
    private final boolean external;
    private final Instant registered;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Instant> ready = new CompletableFuture<>();
    private volatile CompletableFuture<Instant> idle = new CompletableFuture<>();
    private volatile String initError;
    private volatile String exitError;

    RegisteredExtension(String name, String id, List<String> events, boolean external, Instant registered) {
        this.name = name;
        this.id = id;
        this.events = List.copyOf(events);
        this.external = external;
        this.registered = registered;
    }

    public String name() {
        return name;
    }

    /** The Lambda-Extension-Identifier it was given. */
    public String id() {
        return id;
    }

    /** The events it registered for: INVOKE, SHUTDOWN. */
    public List<String> events() {
        return events;
    }

    /** True for an extension started from the layer's {@code extensions/}, false for one inside the runtime. */
    public boolean external() {
        return external;
    }

    public Instant registered() {
        return registered;
    }

    /** Completes at its first {@code event/next}: the extension finished its init. */
    public CompletableFuture<Instant> ready() {
        return ready;
    }

    /** Completes when it asks for the next event after the last one it was given. */
    public CompletableFuture<Instant> idle() {
        return idle;
    }

    /** Event types delivered to it, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** The error type it reported through {@code init/error}, if it did. */
    public Optional<String> initError() {
        return Optional.ofNullable(initError);
    }

    /** The error type it reported through {@code exit/error}, if it did. */
    public Optional<String> exitError() {
        return Optional.ofNullable(exitError);
    }

    /** Whether it registered for {@code type}. */
    public boolean wants(String type) {
        return events.contains(type);
    }

    /** Queues an event; it is busy until it asks for the next one. */
    void deliver(String type, byte[] json) {
        idle = new CompletableFuture<>();
        received.add(type);
        queue.add(json);
    }

    void calledNext(Instant at) {
        ready.complete(at);
        idle.complete(at);
    }

    BlockingQueue<byte[]> queue() {
        return queue;
    }

    void initError(String type) {
        initError = type;
    }

    void exitError(String type) {
        exitError = type;
    }
}

package io.lambdascope.cdk;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Instruments Lambda functions with Lambdascope: the layer of each function's architecture,
 * {@code AWS_LAMBDA_EXEC_WRAPPER}, the {@code LAMBDASCOPE_*} settings of the props, and the IAM
 * the options need. Functions are instrumented one by one with {@link #addFunctions} or all at
 * once with {@link #instrumentAll}; either way the work happens when the app is synthesized, so
 * variables the user sets on a function later in the app still win.
 *
 * <pre>{@code
 * Lambdascope lambdascope = new Lambdascope(this, "Lambdascope", LambdascopeProps.builder()
 *         .layers(LayerSource.fromManifest(LayerManifest.read(Path.of("lambdascope-layers.json")), "0.1.0"))
 *         .exportEndpoint("https://otlp.example.com")
 *         .exportHeadersSecret(secret)
 *         .build());
 * lambdascope.instrumentAll(this);
 * }</pre>
 *
 * Problems with a function (a container image, an architecture without a layer, too many layers,
 * an exec wrapper already set) are reported as errors on that function, which fail
 * {@code cdk synth}; a {@code provided.*} runtime gets a warning.
 */
public final class Lambdascope extends Construct {
    /** {@code AWS_LAMBDA_EXEC_WRAPPER} of an instrumented function. */
    public static final String WRAPPER = "/opt/lambdascope-wrapper";

    private final FunctionInstrumentation instrumentation;
    private final Set<String> instrumented = new HashSet<>();

    /**
     * Validates the props; instruments nothing yet.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the layer source and the extension's settings
     * @throws IllegalArgumentException naming the bad value
     */
    public Lambdascope(Construct scope, String id, LambdascopeProps props) {
        super(scope, id);
        this.instrumentation = new FunctionInstrumentation(props);
    }

    /**
     * Instruments these functions.
     *
     * @param functions the functions
     */
    public void addFunctions(Function... functions) {
        for (Function function : functions) {
            Aspects.of(function).add(new LambdascopeAspect(this, candidate -> candidate != function));
        }
    }

    /**
     * Instruments every function in the scope (a stack, a stage or the app).
     *
     * @param scope where to look for functions
     */
    public void instrumentAll(IConstruct scope) {
        instrumentAll(scope, function -> false);
    }

    /**
     * Instruments every function in the scope for which {@code exclude} is false.
     *
     * @param scope where to look for functions
     * @param exclude functions to leave alone, such as the handlers of CDK's own custom resources
     */
    public void instrumentAll(IConstruct scope, Predicate<Function> exclude) {
        Aspects.of(scope).add(new LambdascopeAspect(this, exclude));
    }

    /** Instruments one function, once, however many aspects reach it. */
    void instrument(Function function) {
        if (instrumented.add(function.getNode().getPath())) {
            instrumentation.apply(function);
        }
    }
}

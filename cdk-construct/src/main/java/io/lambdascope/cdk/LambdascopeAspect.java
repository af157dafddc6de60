package io.lambdascope.cdk;

import java.util.function.Predicate;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.IConstruct;

/**
 * Instruments every {@link Function} it visits, unless excluded. Made by
 * {@link Lambdascope#instrumentAll}; add it with {@code Aspects.of(scope).add(...)} for finer
 * control over where it applies.
 */
public final class LambdascopeAspect implements IAspect {
    private final Lambdascope lambdascope;
    private final Predicate<Function> exclude;

    /**
     * An aspect instrumenting with the given instance.
     *
     * @param lambdascope what to instrument with
     * @param exclude functions to leave alone
     */
    public LambdascopeAspect(Lambdascope lambdascope, Predicate<Function> exclude) {
        this.lambdascope = lambdascope;
        this.exclude = exclude;
    }

    @Override
    public void visit(IConstruct node) {
        if (node instanceof Function function && !exclude.test(function)) {
            lambdascope.instrument(function);
        }
    }
}

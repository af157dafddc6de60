package io.lambdascope.extension.tags;

import io.lambdascope.extension.secret.FakeAws;
import io.lambdascope.extension.fake.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function's tags read through the SDK's real signer from a fake Lambda. */
class FunctionTagsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(20);

    private FakeAws aws;
    private CapturedLog log;

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAws();
        log = CapturedLog.of(FunctionTags.class.getName());
    }

    @AfterEach
    void stop() {
        log.close();
        aws.close();
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(aws.environment());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "orders");
        return environment;
    }

    @Test
    void listsTheTagsOfTheArnBuiltFromTheAccount() {
        aws.tags(Map.of("team", "payments", "aws:cloudformation:stack-name", "shop"));
        ResourceTags tags = FunctionTags.start(environment(), Optional.of("123456789012"), Duration.ofSeconds(10));

        assertEquals(Optional.of(Map.of("team", "payments", "aws:cloudformation:stack-name", "shop")),
                tags.await(System.nanoTime() + LONG));
        assertEquals(List.of("lambda.ListTags arn:aws:lambda:eu-west-1:123456789012:function:orders"), aws.calls());
        String authorization = aws.authorizations().getFirst();
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), authorization);
        assertTrue(authorization.contains("/eu-west-1/lambda/aws4_request"), authorization);
        assertTrue(log.warnings().isEmpty(), log.warnings().toString());
    }

    @Test
    void asksGetFunctionForTheArnWhenTheAccountIsUnknown() {
        aws.tags(Map.of("team", "payments"));
        ResourceTags tags = FunctionTags.start(environment(), Optional.empty(), Duration.ofSeconds(10));

        assertEquals(Optional.of(Map.of("team", "payments")), tags.await(System.nanoTime() + LONG));
        assertEquals(List.of("lambda.GetFunction orders", "lambda.ListTags arn:aws:lambda:eu-west-1:210987654321:function:orders"),
                aws.calls());
    }

    @Test
    void accessDeniedWarnsOnceNamingTheCodeAndThePermissionThenThereAreNoTags() {
        aws.error("AccessDeniedException");
        ResourceTags tags = FunctionTags.start(environment(), Optional.of("123456789012"), Duration.ofSeconds(10));

        assertEquals(Optional.of(Map.of()), tags.await(System.nanoTime() + LONG));
        assertEquals(Optional.of(Map.of()), tags.await(System.nanoTime() + LONG));
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        String warning = log.warnings().getFirst().getMessage();
        assertTrue(warning.contains("AccessDeniedException") && warning.contains("lambda:ListTags"), warning);
        assertEquals(1, aws.calls().size(), "fetched once: " + aws.calls());
    }

    @Test
    void withoutCredentialsWarnsOnce() {
        Map<String, String> environment = environment();
        environment.remove("AWS_ACCESS_KEY_ID");
        ResourceTags tags = FunctionTags.start(environment, Optional.of("123456789012"), Duration.ofSeconds(10));

        assertEquals(Optional.of(Map.of()), tags.await(System.nanoTime() + LONG));
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertTrue(log.warnings().getFirst().getMessage().contains("no AWS credentials"), log.warnings().getFirst().getMessage());
        assertTrue(aws.calls().isEmpty());
    }

    @Test
    void aSlowAnswerIsWaitedForUntilTheBoundThenGivenUpOnce() {
        aws.tags(Map.of("team", "payments")).delay(Duration.ofSeconds(3));
        ResourceTags tags = FunctionTags.start(environment(), Optional.of("123456789012"), Duration.ofMillis(400));

        // A flush whose deadline comes first keeps its telemetry: the tags are still on their way.
        assertEquals(Optional.empty(), tags.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150)));
        // The next one waits for what is left of the bound, then goes on without tags: the answer,
        // due after 3 s, would have carried them, and the warning names the bound's timeout.
        assertEquals(Optional.of(Map.of()), tags.await(System.nanoTime() + LONG));
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertTrue(log.warnings().getFirst().getMessage().contains("Timeout"), log.warnings().getFirst().getMessage());
        // The late answer changes nothing: no export goes out with tags after some went without.
        assertEquals(Optional.of(Map.of()), tags.await(System.nanoTime() + LONG));
    }

    @Test
    void timeFrozenDuringAWaitCountsForOneSliceAtMost() {
        // Every look at the clock finds five more minutes gone, as a thaw after a long freeze would.
        long[] now = {0};
        FunctionTags tags = new FunctionTags(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("team", "payments");
        }, () -> now[0] += TimeUnit.MINUTES.toNanos(5), Duration.ofSeconds(1));
        tags.fetchInBackground();

        assertEquals(Optional.of(Map.of("team", "payments")), tags.await(Long.MAX_VALUE / 2));
        assertTrue(log.warnings().isEmpty(), log.warnings().toString());
    }
}

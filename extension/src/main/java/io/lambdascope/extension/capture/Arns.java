package io.lambdascope.extension.capture;

/** Names inside Amazon Resource Names, which event sources give instead of names. */
final class Arns {

    private Arns() {
    }

    /**
     * The part after the last {@code :} or {@code /}: the queue of
     * {@code arn:aws:sqs:us-east-2:123456789012:my-queue}, the rule of
     * {@code arn:aws:events:eu-central-1:123456789012:rule/demoschedule}.
     *
     * @return the name, or null when the text is no ARN
     */
    static String lastPart(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        int cut = Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/'));
        String name = arn.substring(cut + 1);
        return name.isEmpty() ? null : name;
    }

    /**
     * The name that follows {@code /<type>/} in the resource part: the table of
     * {@code arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000}.
     *
     * @return the name, or null when the ARN has no such part
     */
    static String resource(String arn, String type) {
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        String marker = ":" + type + "/";
        int at = arn.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = arn.indexOf('/', start);
        String name = end < 0 ? arn.substring(start) : arn.substring(start, end);
        return name.isEmpty() ? null : name;
    }
}

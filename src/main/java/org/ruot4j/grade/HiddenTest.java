package org.ruot4j.grade;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a hidden test cell of the grader calls (see {@link Grader}): runs one exercise's test and prints its
 * result as one line {@code RUOT4J-GRADE NONCE {"name", "points", "max", "message"}} for the grader to read
 * back from the executed notebook. The test returns a message for full marks and throws (an
 * {@link AssertionError} saying what is wrong) otherwise; anything it throws, or running past the time
 * limit, gives 0 points.
 */
public final class HiddenTest {
    /** Prefix of a result line. */
    public static final String MARKER = "RUOT4J-GRADE";
    /** Seconds one exercise's test may run. */
    public static final long LIMIT_SECONDS = 120;

    private HiddenTest() {
    }

    public static void run(String nonce, String name, double max, Callable<String> test) {
        double points = 0;
        String message;
        FutureTask<String> task = new FutureTask<>(test);
        Thread t = new Thread(task, "ruot4j-hidden-test");
        t.setDaemon(true);
        t.start();
        try {
            message = task.get(LIMIT_SECONDS, TimeUnit.SECONDS);
            points = max;
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            message = c instanceof AssertionError ? c.getMessage()
                    : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        } catch (TimeoutException e) {
            t.interrupt();
            message = "the test did not finish within " + LIMIT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message = "interrupted";
        }
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("points", points);
        o.addProperty("max", max);
        o.addProperty("message", message == null ? "" : message);
        System.out.println(MARKER + " " + nonce + " " + new Gson().toJson(o));
        System.out.flush();
    }
}

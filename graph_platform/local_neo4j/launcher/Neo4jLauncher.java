import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community as a standalone server process with its Bolt connector: the "embedded via
 * Bolt" set-up of Neo4j's Java reference. Started and stopped by graph_platform.local_neo4j.server.
 *
 * Usage: java -cp LIB/*:CLASSES Neo4jLauncher HOME CONF
 * Environment: GP_NEO4J_INITIAL_PASSWORD, when set, becomes the password of user "neo4j".
 * Prints GP_NEO4J_READY on stdout once Bolt answers with that password, or
 * "GP_LAUNCH_FAILED exception: message" on stderr and exits 3. SIGTERM shuts down cleanly.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jLauncher HOME CONF");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = Path.of(args[1]).toAbsolutePath();
        DatabaseManagementService service;
        try {
            Files.createDirectories(home);
            service = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (Exception e) {
            fail(e);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "gp-neo4j-shutdown"));

        String password = System.getenv("GP_NEO4J_INITIAL_PASSWORD");
        if (password != null && !password.isEmpty()) {
            try {
                service.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
            } catch (Exception e) {
                fail(e); // the shutdown hook stops the service
                return;
            }
        }
        System.out.println("GP_NEO4J_READY");
        System.out.flush();
        stopped.await();
    }

    /**
     * Reports the root cause's class with the outermost message (which names the failing setting
     * or component) on one line the Python side looks for, then exits with code 3.
     */
    private static void fail(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(error.getMessage());
        String rootMessage = String.valueOf(root.getMessage());
        if (!message.contains(rootMessage)) {
            message += " (cause: " + rootMessage + ")";
        }
        System.err.println("GP_LAUNCH_FAILED " + root.getClass().getName() + ": " + message);
        error.printStackTrace();
        System.err.flush();
        System.exit(3);
    }
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs Neo4j Community as a standalone server process with its Bolt connector: the "embedded via
 * Bolt" set-up of Neo4j's Java reference. Started and stopped by graph_platform.store.server.
 *
 * Usage: java -cp LIB/*:CLASSES Neo4jLauncher HOME CONF
 * Environment: GP_NEO4J_INITIAL_PASSWORD, when set, becomes the password of user "neo4j".
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
        Files.createDirectories(home);
        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("GP_LAUNCH_FAILED " + root.getClass().getName() + ": " + root.getMessage());
            e.printStackTrace();
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }, "gp-neo4j-shutdown"));

        String password = System.getenv("GP_NEO4J_INITIAL_PASSWORD");
        if (password != null && !password.isEmpty()) {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        }
        System.out.println("GP_NEO4J_READY");
        System.out.flush();
        stopped.await();
    }
}

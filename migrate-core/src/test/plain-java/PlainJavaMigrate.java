import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A plain Java program that migrates a PostgreSQL database with nothing but migrate-core, JSpecify
 * and the PostgreSQL driver on its class path. PlainJavaClassPathTest runs it with the JDK's
 * source launcher: {@code java -cp <core>:<jspecify>:<driver> PlainJavaMigrate.java URL USER PASSWORD FOLDER}.
 */
public class PlainJavaMigrate {

    public static void main(String[] args) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args[2]);

        MigrateResult result =
                Migrator.builder(dataSource).locations("filesystem:" + args[3]).build().up();

        System.out.println("applied " + result.count());
        System.out.println("spring on the class path: " + loadable("org.springframework.util.ClassUtils"));
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, PlainJavaMigrate.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

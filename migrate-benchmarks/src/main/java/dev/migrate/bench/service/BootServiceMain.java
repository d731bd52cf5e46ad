package dev.migrate.bench.service;

import java.lang.management.ManagementFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts the service; at {@code ApplicationReadyEvent} prints {@code ready_millis=} (the JVM's
 * uptime: from the JVM's start, as the runtime MXBean counts it, to the event), {@code
 * ready_cpu_millis=} (the CPU time the process used until then, every thread; steadier than the
 * uptime on a busy machine), {@code ready_main_cpu_millis=} (the CPU time of the main thread, which
 * starts the context, alone: work moved to other threads leaves it) and {@code status=ok}, then
 * closes the context and ends the process.
 */
@SpringBootApplication
public class BootServiceMain {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BootServiceMain.class);
        application.addListeners((ApplicationListener<ApplicationReadyEvent>) BootServiceMain::ready);
        application.run(args);
    }

    private static void ready(ApplicationReadyEvent event) {
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.println("ready_millis=" + uptime);
        // the event is published on the thread that started the context
        long mainCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        System.out.println("ready_cpu_millis=" + cpuNanos / 1_000_000);
        System.out.println("ready_main_cpu_millis=" + mainCpuNanos / 1_000_000);
        System.out.println("status=ok");
        System.exit(SpringApplication.exit(event.getApplicationContext()));
    }
}

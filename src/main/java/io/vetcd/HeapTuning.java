package io.vetcd;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the heap near what the member needs under a plain {@code java -jar}: without -Xmx the
 * JVM may grow the heap to a quarter of the machine, starts at 1/64 of it, and G1 keeps what it
 * has grown to. A JVM cannot change its maximum heap once started, but these options are
 * manageable, so the member sets them on itself, each only where the command line left the JVM's
 * default (an operator's -XX: flag wins):
 *
 * <ul>
 *   <li>MinHeapFreeRatio 10 / MaxHeapFreeRatio 25: after a full GC or a concurrent cycle's remark,
 *       G1 gives back to the OS heap beyond 25% free (the JVM's defaults, 40/70, keep up to 70%).
 *   <li>G1PeriodicGCInterval 30 s: a member with no GC for that long (idle) runs a concurrent
 *       cycle, so memory taken during a burst of load is returned when the load stops.
 * </ul>
 *
 * <p>{@link #shrinkNow()} runs once when the member serves: a full GC then brings the heap down
 * from the JVM's initial size to the start-up live set plus 25%.
 */
final class HeapTuning {
  private static final Logger LOG = LoggerFactory.getLogger(HeapTuning.class);
  private static final Map<String, String> OPTIONS = Map.of(
      "MinHeapFreeRatio", "10",
      "MaxHeapFreeRatio", "25",
      "G1PeriodicGCInterval", "30000");

  private HeapTuning() {}

  static void apply() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    OPTIONS.forEach((name, value) -> set(vm, name, value));
  }

  private static void set(HotSpotDiagnosticMXBean vm, String name, String value) {
    try {
      if (vm.getVMOption(name).getOrigin() == VMOption.Origin.DEFAULT) {
        vm.setVMOption(name, value);
      }
    } catch (IllegalArgumentException unsupported) {
      // Another JVM or collector without this option: the heap is merely larger than needed.
      LOG.debug("heap option {} not set: {}", name, unsupported.getMessage());
    }
  }

  static void shrinkNow() {
    System.gc();
  }
}

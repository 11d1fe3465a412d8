package io.ticketflow.config.cluster;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which namespaces (a mailbox, the follow-up scheduler) this instance leads, checked by the work itself before each
 * step: the {@code master:} routes start and stop on Camel's leadership events, but those come late or not at all when
 * the ZooKeeper connection drops, so a poller asks {@link #leads} before it hands over a message. Leading also needs
 * a live connection: once Curator reports it suspended, this instance leads nothing, well before the session expires
 * and another instance can take over.
 * <p>
 * A watchdog puts this instance back in line where it dropped out (Camel's ZooKeeper view does not re-queue after a
 * lost session), and reports changes to the listeners.
 */
@Component
public class Leadership {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final CamelClusterService service;
    private final String nodeId;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, CamelClusterView> views = new ConcurrentHashMap<>();
    private final Map<String, Boolean> leading = new ConcurrentSkipListMap<>();
    private final Map<String, Instant> since = new ConcurrentHashMap<>();
    private final Map<String, Integer> missing = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<BiConsumer<String, Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watchdog;
    private final boolean zooKeeper;
    private volatile boolean connected = true;

    public Leadership(CamelClusterService service, ClusterProperties properties, ClusterConfiguration.CuratorHolder curator) {
        this.service = service;
        this.nodeId = properties.nodeId();
        this.zooKeeper = curator.client() != null;
        // before the connection listener: a state change can arrive while this constructor still runs
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-leadership-watchdog");
            t.setDaemon(true);
            return t;
        });
        if (curator.client() != null) {
            connected = false;
            curator.client().getConnectionStateListenable().addListener((client, state) -> connectionChanged(state));
            connected = curator.client().getZookeeperClient().isConnected();
        }
        watchdog.scheduleWithFixedDelay(this::check, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Follows a namespace whose leadership work depends on (its {@code master:} route uses the same name). */
    public void watch(String namespace) {
        watched.add(namespace);
        leading.putIfAbsent(namespace, false);
    }

    /** Called with (namespace, leads) whenever this instance gains or loses a leadership. */
    public void onChange(BiConsumer<String, Boolean> listener) {
        listeners.add(listener);
    }

    /** Whether this instance may do the namespace's work right now: leader, and (ZooKeeper) connected. */
    public boolean leads(String namespace) {
        if (!connected) {
            return false;
        }
        CamelClusterView view = views.get(namespace);
        return view != null && view.getLocalMember().isLeader();
    }

    public String nodeId() {
        return nodeId;
    }

    public boolean connected() {
        return connected;
    }

    /** The namespaces followed, with whether this instance leads each (as of the last check). */
    public Map<String, Boolean> leaderships() {
        return Map.copyOf(leading);
    }

    public Instant leadingSince(String namespace) {
        return since.get(namespace);
    }

    /** The ids of the instances taking part in any followed namespace (this one included). */
    public Set<String> members() {
        Set<String> ids = new TreeSet<>();
        ids.add(nodeId);
        if (!connected) {
            return ids;
        }
        for (CamelClusterView view : views.values()) {
            try {
                view.getMembers().stream().map(CamelClusterMember::getId).forEach(ids::add);
            }
            catch (RuntimeException e) {
                log.debug("members of {} unknown: {}", view.getNamespace(), e.getMessage());
            }
        }
        return ids;
    }

    /**
     * Gives up the leadership of a namespace: this instance steps back to the end of the line, so the next instance
     * waiting takes it (used to spread the mailboxes over the instances).
     */
    public void relinquish(String namespace) {
        CamelClusterView view = views.get(namespace);
        if (view == null || !leads(namespace)) {
            return;
        }
        log.info("Cluster: {} hands the leadership of {} to another instance", nodeId, namespace);
        ServiceHelper.stopService(view);
        ServiceHelper.startService(view);
    }

    private void connectionChanged(ConnectionState state) {
        boolean now = state.isConnected();
        if (now != connected) {
            connected = now;
            if (now) {
                log.info("Cluster: ZooKeeper connection {}", state);
            }
            else {
                log.warn("Cluster: ZooKeeper connection {}: this instance stops all leader work until it is back", state);
            }
        }
        watchdog.execute(this::check);
    }

    private synchronized void check() {
        for (String namespace : watched) {
            try {
                CamelClusterView view = views.get(namespace);
                if (view == null && service.getCamelContext() != null && started(service)) {
                    view = service.getView(namespace);
                    views.put(namespace, view);
                }
                boolean member = !zooKeeper || view == null || !connected || !started(view) || isMember(view);
                // three checks in a row: a view that has just started is not in line yet
                if (missing.merge(namespace, member ? -missing.getOrDefault(namespace, 0) : 1, Integer::sum) >= 3) {
                    missing.put(namespace, 0);
                    // dropped out of the line (session lost while ZooKeeper was away): join again
                    log.info("Cluster: {} rejoins the election of {}", nodeId, namespace);
                    ServiceHelper.stopService(view);
                    ServiceHelper.startService(view);
                }
            }
            catch (Exception e) {
                log.debug("Cluster: cannot check {}: {}", namespace, e.getMessage());
            }
            boolean now = leads(namespace);
            Boolean before = leading.put(namespace, now);
            if (before == null || before != now) {
                since.put(namespace, Instant.now());
                log.info("Cluster: {} {} {}", nodeId, now ? "now leads" : "no longer leads", namespace);
                listeners.forEach(l -> l.accept(namespace, now));
            }
        }
    }

    private static boolean started(Object service) {
        return service instanceof org.apache.camel.StatefulService s && s.isStarted();
    }

    private boolean isMember(CamelClusterView view) {
        try {
            return view.getMembers().stream().anyMatch(m -> nodeId.equals(m.getId()));
        }
        catch (RuntimeException e) {
            return true;
        }
    }

    @PreDestroy
    public void stop() {
        watchdog.shutdownNow();
    }
}

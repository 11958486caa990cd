// Which locks ThreadSanitizer can see (docs/reliability.md, "Sanitizers").
// Four tasks add 1 to a shared counter 200,000 times each, guarded by:
//   mutex    Synchronization.Mutex: a contended lock is handed over in the
//            kernel (FUTEX_LOCK_PI), so TSan misses the edge and reports a
//            race that is not there (the total is still exact);
//   pthread  a heap pthread_mutex_t, what NIOLock wraps: TSan sees it, clean;
//   none     nothing: a real race, which TSan must report (and updates are lost).
// Build: swiftc -sanitize=thread -parse-as-library -g -Onone lock-visibility.swift
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

final class Counter: @unchecked Sendable { var value = 0 }

@main
struct LockVisibility {
    static func main() async {
        let mode = CommandLine.arguments.dropFirst().first ?? "mutex"
        let tasks = 4, iterations = 200_000
        let counter = Counter()
        let mutex = Mutex(0)
        let pthreadLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(pthreadLock, nil)
        let lockAddress = Int(bitPattern: pthreadLock)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    guard let lock = UnsafeMutablePointer<pthread_mutex_t>(bitPattern: lockAddress) else { return }
                    for _ in 0..<iterations {
                        switch mode {
                        case "mutex": mutex.withLock { $0 += 1 }
                        case "pthread": pthread_mutex_lock(lock); counter.value += 1; pthread_mutex_unlock(lock)
                        default: counter.value += 1
                        }
                    }
                }
            }
        }
        let total = mode == "mutex" ? mutex.withLock { $0 } : counter.value
        print("mode=\(mode) total=\(total) expected=\(tasks * iterations)")
    }
}

import Foundation
@testable import SecurityCenter
@testable import SecurityCenterSimulator
import Testing

/// A seeded mutation fuzz of real pages: bytes flipped, deleted, duplicated,
/// structural characters inserted, bodies cut short. Every mutant must
/// decode or fail exactly as the `Codable` reference does, and never trap
/// (debug builds bounds-check every access of the byte scanner).
@Suite struct DecodingMutationTests {
    static let structural: [UInt8] = Array(#"{}[]",:\"0-eE.tfn \#u{00}"#.utf8) + [0xC3, 0xFF, 0xED, 0xA0, 0x80]

    @Test(arguments: [1, 2, 3, 4])
    func mutantsAgreeWithTheReference(seed: UInt64) {
        let dataSet = SimulatorDataSet.generate(count: 12, seed: seed)
        let items = dataSet.notifications.map { WireFormat.item($0, quirks: seed % 2 == 0) }
        let page = Array(WireFormat.page(requestId: "r", currentPage: 1, pageSize: 20, totalCount: items.count, items: items[...]).utf8)
        var random = SplitMix64(seed: seed)
        var fastAnswers = 0
        for _ in 0..<600 {
            var mutant = page
            for _ in 0..<(1 + random.below(3)) {
                guard !mutant.isEmpty else { break }
                let at = random.below(mutant.count)
                switch random.below(5) {
                case 0: mutant[at] = UInt8(random.below(256))
                case 1: mutant.remove(at: at)
                case 2: mutant.insert(random.pick(Self.structural), at: at)
                case 3: mutant.insert(contentsOf: mutant[at..<min(mutant.count, at + 8)], at: at)
                default: mutant.removeSubrange(at...)
                }
            }
            if DecodingStrictPathTests.expectAgreement(mutant) { fastAnswers += 1 }
        }
        // Most single mutations leave a page the fast path still takes.
        #expect(fastAnswers > 0)
    }
}

#include "nn/network.h"

#include "core/denormals.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <type_traits>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hs {

namespace detail {

/// A fixed team of threads that runs one task split into size() parts: part
/// 0 on the calling thread, the others on helper threads that spin briefly
/// between tasks and then sleep (C++20 atomic wait), so a training step's
/// several products cost no thread wake-ups. Which part does what is fixed,
/// so results never depend on timing.
class WorkerTeam {
public:
    explicit WorkerTeam(int size)
        : size_(size)
    {
        Eigen::initParallel(); // Eigen's cache-size statics, before any helper calls into it
        for (int part = 1; part < size; ++part)
            threads_.emplace_back([this, part] { loop(part); });
    }
    ~WorkerTeam()
    {
        stop_.store(true, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        for (auto& t : threads_)
            t.join();
    }
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    int size() const { return size_; }

    /// Calls task(part) for every part in [0, size()) and returns when all are done.
    template <typename Task>
    void run(Task& task)
    {
        invoke_ = [](void* t, int part) { (*static_cast<Task*>(t))(part); };
        context_ = &task;
        floatMode_ = currentFloatMode(); // the parts compute as the caller does (denormals flushed or not)
        pending_.store(size_ - 1, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        task(0);
        for (int spin = 0;; ++spin) {
            const int left = pending_.load(std::memory_order_acquire);
            if (left == 0)
                return;
            if (spin < kSpin)
                relax();
            else
                pending_.wait(left, std::memory_order_acquire);
        }
    }

private:
    // Up to about a millisecond (a pause is 10 to 140 cycles, by CPU): long
    // enough to bridge the serial work between a step's products and between
    // steps, so a training helper rarely sleeps; short enough to give the
    // core back soon after training stops. With 2^11 the helpers of a
    // 784-256-128 network slept and woke several times a step (~16 % of the
    // run in futex calls and context switches).
    static constexpr int kSpin = 1 << 14;

    static void relax()
    {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#else
        std::this_thread::yield();
#endif
    }

    void loop(int part)
    {
        std::uint32_t seen = 0;
        for (;;) {
            std::uint32_t current = 0;
            for (int spin = 0;; ++spin) {
                current = generation_.load(std::memory_order_acquire);
                if (current != seen)
                    break;
                if (spin < kSpin)
                    relax();
                else
                    generation_.wait(seen, std::memory_order_acquire);
            }
            seen = current;
            if (stop_.load(std::memory_order_relaxed))
                return;
            setFloatMode(floatMode_);
            invoke_(context_, part);
            if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1)
                pending_.notify_one();
        }
    }

    const int size_;
    std::vector<std::thread> threads_;
    void (*invoke_)(void*, int) = nullptr;
    void* context_ = nullptr;
    unsigned floatMode_ = 0;
    std::atomic<std::uint32_t> generation_{0};
    std::atomic<int> pending_{0};
    std::atomic<bool> stop_{false};
};

WorkerTeamHandle::WorkerTeamHandle() = default;
WorkerTeamHandle::~WorkerTeamHandle() = default;
WorkerTeamHandle::WorkerTeamHandle(const WorkerTeamHandle&) {}
WorkerTeamHandle::WorkerTeamHandle(WorkerTeamHandle&&) noexcept = default;
WorkerTeamHandle& WorkerTeamHandle::operator=(const WorkerTeamHandle&) { return *this; }
WorkerTeamHandle& WorkerTeamHandle::operator=(WorkerTeamHandle&&) noexcept { return *this; }

WorkerTeam* WorkerTeamHandle::get(int threads)
{
    if (threads <= 1)
        return nullptr;
    if (!team_ || team_->size() != threads)
        team_ = std::make_unique<WorkerTeam>(threads);
    return team_.get();
}

} // namespace detail

namespace {

// Products with fewer multiply-adds than this stay on one thread: below it the
// hand-off costs more than the second core gains (a 64-wide layer at batch 32
// is 131,072).
constexpr double kParallelMacs = 1 << 20;

#if defined(__AVX512F__)
// A register-blocked product kernel for the engine's float GEMMs,
//   C (m × n) = [C +] A (m × k) · B (k × n),
// A column-major with contiguous columns, B read as B[p·bs + j·bt] (so a
// transposed operand costs nothing), C column-major. Each tile keeps RB×CB
// 16-float accumulators in registers over the whole depth, loads A straight
// from the weights (no packing: a layer's weights stay in L1/L2 between
// tiles) and masks the last rows. It has no per-call packing or blocking
// set-up, which dominates small layers, and on the shapes it takes it beats
// Eigen 3.4's GEMM (on Zen 5 ≈ 1.5x at 784-256-128 and 2x at 64-wide layers;
// on an Intel Xeon 148 against 133 GFLOP/s on 784-256-128's first product).
// Each element is a plain sequential FMA chain over p = 0 … k−1, so results
// depend only on the shapes, never on a thread split.
namespace avx512 {

template <int RB, int CB>
inline void tile(Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs, Eigen::Index bt,
                 float* c, Eigen::Index ldc, const __mmask16* masks, bool accumulate, const float* init)
{
    __m512 acc[RB * CB];
    __mmask16 m[RB];
#pragma GCC unroll 4
    for (int r = 0; r < RB; ++r)
        m[r] = masks[r];
    if (init) {
        __m512 start[RB];
#pragma GCC unroll 4
        for (int r = 0; r < RB; ++r)
            start[r] = _mm512_maskz_loadu_ps(m[r], init + r * 16);
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = start[i % RB];
    } else if (accumulate) {
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = _mm512_maskz_loadu_ps(m[i % RB], c + (i % RB) * 16 + (i / RB) * ldc);
    } else {
#pragma GCC unroll 32
        for (int i = 0; i < RB * CB; ++i)
            acc[i] = _mm512_setzero_ps();
    }
    for (Eigen::Index p = 0; p < k; ++p) {
        __m512 column[RB];
#pragma GCC unroll 4
        for (int r = 0; r < RB; ++r)
            column[r] = _mm512_maskz_loadu_ps(m[r], a + p * lda + r * 16);
#pragma GCC unroll 16
        for (int q = 0; q < CB; ++q) {
            const __m512 scalar = _mm512_set1_ps(b[p * bs + q * bt]);
#pragma GCC unroll 4
            for (int r = 0; r < RB; ++r)
                acc[q * RB + r] = _mm512_fmadd_ps(column[r], scalar, acc[q * RB + r]);
        }
    }
#pragma GCC unroll 32
    for (int i = 0; i < RB * CB; ++i)
        _mm512_mask_storeu_ps(c + (i % RB) * 16 + (i / RB) * ldc, m[i % RB], acc[i]);
}

template <int RB, int CB>
void columns(Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b, Eigen::Index bs,
             Eigen::Index bt, float* c, Eigen::Index ldc, const __mmask16* masks, bool accumulate, const float* init)
{
    Eigen::Index j = 0;
    for (; j + CB <= n; j += CB)
        tile<RB, CB>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 8)
        for (; j + 8 <= n; j += 8)
            tile<RB, 8>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 4)
        for (; j + 4 <= n; j += 4)
            tile<RB, 4>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    if constexpr (CB > 2)
        for (; j + 2 <= n; j += 2)
            tile<RB, 2>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
    for (; j < n; ++j)
        tile<RB, 1>(k, a, lda, b + j * bt, bs, bt, c + j * ldc, ldc, masks, accumulate, init);
}

// Panels of 32 rows in 2 × 12 tiles (24 accumulators, 2 columns of A and a
// broadcast: 27 of the 32 registers), or a last panel of up to 16 rows in
// 1 × 8 tiles (faster than 1 × 16 on the small layers). Twelve columns per
// tile read each 32-row column of A once for 24 FMAs: with 64-row 4 × 4
// tiles the same product streamed A from L2 three times as often and ran at
// 60-70 % of the speed.
void product(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index bs, Eigen::Index bt, float* c, Eigen::Index ldc, bool accumulate,
             const float* init = nullptr)
{
    for (Eigen::Index i0 = 0; i0 < m; i0 += 32) {
        const Eigen::Index rows = std::min<Eigen::Index>(32, m - i0);
        const int blocks = static_cast<int>((rows + 15) / 16);
        __mmask16 masks[2];
        for (int r = 0; r < blocks; ++r) {
            const Eigen::Index left = rows - 16 * r;
            masks[r] = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
        }
        if (blocks == 1)
            columns<1, 8>(n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, init ? init + i0 : nullptr);
        else
            columns<2, 12>(n, k, a + i0, lda, b, bs, bt, c + i0, ldc, masks, accumulate, init ? init + i0 : nullptr);
    }
}

// Transposes the 16 × 16 block held in r (r[q] is row q) in registers:
// pairs, then quadruples within 128-bit lanes, then the lanes themselves.
inline void transpose16(__m512 r[16])
{
    __m512 t[16];
    for (int q = 0; q < 16; q += 2) {
        t[q] = _mm512_unpacklo_ps(r[q], r[q + 1]);
        t[q + 1] = _mm512_unpackhi_ps(r[q], r[q + 1]);
    }
    for (int q = 0; q < 16; q += 4) {
        r[q] = _mm512_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 1] = _mm512_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[q + 2] = _mm512_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[q + 3] = _mm512_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int q = 0; q < 4; ++q) {
        t[q] = _mm512_shuffle_f32x4(r[q], r[q + 4], 0x88);
        t[q + 4] = _mm512_shuffle_f32x4(r[q], r[q + 4], 0xdd);
        t[q + 8] = _mm512_shuffle_f32x4(r[q + 8], r[q + 12], 0x88);
        t[q + 12] = _mm512_shuffle_f32x4(r[q + 8], r[q + 12], 0xdd);
    }
    for (int q = 0; q < 8; ++q) {
        r[q] = _mm512_shuffle_f32x4(t[q], t[q + 8], 0x88);
        r[q + 8] = _mm512_shuffle_f32x4(t[q], t[q + 8], 0xdd);
    }
}

inline __mmask16 firstLanes(Eigen::Index count)
{
    return count >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << count) - 1u);
}

// dst(i, p) = src[i·ld + p] for a contiguous column-major rows × cols dst:
// rows of a transposed matrix laid out as the product kernel reads them, in
// 16 × 16 register blocks. (Eigen copies a transposed block one coefficient
// at a time: on a 16-wide layer that copy cost as much as the product.)
void transposeInto(const float* src, Eigen::Index ld, Eigen::Index rows, Eigen::Index cols, float* dst)
{
    for (Eigen::Index i0 = 0; i0 < rows; i0 += 16) {
        const Eigen::Index ni = std::min<Eigen::Index>(16, rows - i0);
        for (Eigen::Index p0 = 0; p0 < cols; p0 += 16) {
            const Eigen::Index np = std::min<Eigen::Index>(16, cols - p0);
            const __mmask16 load = firstLanes(np);
            __m512 r[16];
            for (Eigen::Index q = 0; q < 16; ++q)
                r[q] = q < ni ? _mm512_maskz_loadu_ps(load, src + (i0 + q) * ld + p0) : _mm512_setzero_ps();
            transpose16(r);
            const __mmask16 store = firstLanes(ni);
            for (Eigen::Index q = 0; q < np; ++q)
                _mm512_mask_storeu_ps(dst + (p0 + q) * rows + i0, store, r[q]);
        }
    }
}

} // namespace avx512
constexpr bool kHaveKernel = true;
#else
constexpr bool kHaveKernel = false;
#endif

// Results with fewer rows than this go to Eigen (its matrix-vector path is
// better for an output layer of one to a few units).
constexpr Eigen::Index kKernelMinRows = 8;
// Transposed products with at least this many rows and this depth go to Eigen.
constexpr Eigen::Index kEigenTransposedMin = 32;

// The leading columns of a column-major buffer are one contiguous run of
// memory. Element-wise work sees them as a single column, so that Eigen
// vectorizes it whatever the layer's width (a block of 8-row columns would
// otherwise be evaluated one coefficient at a time).
template <typename Block>
auto flat(Block&& block)
{
    using Scalar = typename std::decay_t<Block>::Scalar;
    using Column = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    if constexpr (std::is_const_v<std::remove_pointer_t<decltype(block.data())>>)
        return Eigen::Map<const Column>(block.data(), block.size(), 1);
    else
        return Eigen::Map<Column>(block.data(), block.size(), 1);
}

} // namespace

template <typename T>
BasicNetwork<T>::BasicNetwork(const NetworkSpec& spec)
    : spec_(spec)
{
    if (spec.inputs < 1 || spec.outputs < 1)
        throw std::invalid_argument("a network needs at least one input and one output");
    Eigen::Index offset = 0;
    int in = spec.inputs;
    const int hiddenCount = static_cast<int>(spec.hidden.size());
    for (int l = 0; l <= hiddenCount; ++l) {
        const bool hidden = l < hiddenCount;
        const int out = hidden ? spec.hidden[l] : spec.outputs;
        if (out < 1)
            throw std::invalid_argument("a hidden layer needs at least one unit");
        LayerLayout layout;
        layout.in = in;
        layout.out = out;
        layout.hidden = hidden;
        layout.residual = hidden && spec.residual && l > 0 && in == out;
        layout.begin = offset;
        layout.weight = offset;
        offset += static_cast<Eigen::Index>(in) * out;
        layout.bias = offset;
        offset += out;
        if (hidden && spec.batchNorm) {
            layout.gamma = offset;
            offset += out;
            layout.beta = offset;
            offset += out;
        }
        layout.count = offset - layout.begin;
        layouts_.push_back(layout);
        in = out;
    }
    parameters_ = Vec::Zero(offset);
    gradients_ = Vec::Zero(offset);
    Eigen::Index largestWeight = 0;
    for (const auto& l : layouts_)
        largestWeight = std::max(largestWeight, static_cast<Eigen::Index>(l.in) * l.out);
    if (kHaveKernel && std::is_same_v<T, float>)
        transposed_.resize(largestWeight);
    runningMean_.resize(layouts_.size());
    runningVar_.resize(layouts_.size());
    cache_.resize(layouts_.size());
    for (std::size_t l = 0; l < layouts_.size(); ++l) {
        if (layouts_[l].gamma >= 0) {
            parameters_.segment(layouts_[l].gamma, layouts_[l].out).setOnes();
            runningMean_[l] = Vec::Zero(layouts_[l].out);
            runningVar_[l] = Vec::Ones(layouts_[l].out);
        }
    }
}

template <typename T>
Eigen::Map<typename BasicNetwork<T>::Mat> BasicNetwork<T>::weight(int l)
{
    const auto& s = layouts_[l];
    return Eigen::Map<Mat>(parameters_.data() + s.weight, s.out, s.in);
}

template <typename T>
Eigen::Map<const typename BasicNetwork<T>::Mat> BasicNetwork<T>::weight(int l) const
{
    const auto& s = layouts_[l];
    return Eigen::Map<const Mat>(parameters_.data() + s.weight, s.out, s.in);
}

template <typename T>
Eigen::Map<typename BasicNetwork<T>::Vec> BasicNetwork<T>::bias(int l)
{
    return Eigen::Map<Vec>(parameters_.data() + layouts_[l].bias, layouts_[l].out);
}

template <typename T>
Eigen::Map<const typename BasicNetwork<T>::Vec> BasicNetwork<T>::bias(int l) const
{
    return Eigen::Map<const Vec>(parameters_.data() + layouts_[l].bias, layouts_[l].out);
}

template <typename T>
void BasicNetwork<T>::initialize(Rng& rng)
{
    parameters_.setZero();
    for (int l = 0; l < layerCount(); ++l) {
        auto w = weight(l);
        initializeWeights<T>(spec_.init, spec_.initScale, w, rng);
        const auto& s = layouts_[l];
        if (s.gamma >= 0) {
            parameters_.segment(s.gamma, s.out).setOnes();
            runningMean_[l].setZero();
            runningVar_[l].setOnes();
        }
    }
}

template <typename T>
void BasicNetwork<T>::reserve(Eigen::Index batch)
{
    if (batch <= capacity_)
        return;
    capacity_ = batch;
    for (int l = 0; l < layerCount(); ++l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        if (s.hidden) {
            c.z.resize(s.out, batch);
            c.a.resize(s.out, batch);
            c.delta.resize(s.out, batch);
            if (!activatesInPlace(l)) {
                c.h.resize(s.out, batch);
                c.dz.resize(s.out, batch);
            }
            if (s.gamma >= 0) {
                c.zhat.resize(s.out, batch);
                c.u.resize(s.out, batch);
            }
            if (spec_.dropout > 0.0)
                c.mask.resize(s.out, batch);
        }
    }
    logits_.resize(spec_.outputs, batch);
    outputDelta_.resize(spec_.outputs, batch);
}

template <typename T>
void BasicNetwork<T>::setThreads(int threads)
{
    if (threads < 1)
        throw std::invalid_argument("a network needs at least one thread");
    threads_ = threads;
}

template <typename T>
void BasicNetwork<T>::runSlices(Eigen::Index size, Eigen::Index minSlice,
                                void (*slice)(void*, Eigen::Index, Eigen::Index), void* context)
{
    if (size <= 0)
        return;
    if (threads_ == 1 || size < 2 * std::max<Eigen::Index>(minSlice, 1)) {
        slice(context, 0, size);
        return;
    }
    detail::WorkerTeam* team = team_.get(threads_);
    const int parts = team->size();
    auto task = [&](int part) {
        const Eigen::Index begin = size * part / parts;
        const Eigen::Index count = size * (part + 1) / parts - begin;
        if (count > 0)
            slice(context, begin, count);
    };
    team->run(task);
}

template <typename T>
template <typename Dst, typename Lhs, typename Rhs>
void BasicNetwork<T>::multiply(Dst&& dst, const Lhs& lhs, const Rhs& rhs, bool accumulate, const T* start)
{
    const Eigen::Index cols = dst.cols();
    // The kernel starts its accumulators from `start`; every other path
    // writes it into each column first and accumulates onto it.
    auto writeStart = [&] {
        if (start) {
            dst.colwise() = Eigen::Map<const Vec>(start, dst.rows());
            accumulate = true;
        }
    };
    const double macs = static_cast<double>(dst.rows()) * static_cast<double>(cols) * static_cast<double>(lhs.cols());
    detail::WorkerTeam* team = threads_ > 1 && macs >= kParallelMacs ? team_.get(threads_) : nullptr;
#if defined(__AVX512F__)
    if constexpr (std::is_same_v<T, float>) {
        // A transposed weight matrix (the backward pass's Wᵀ·δ) goes to
        // Eigen's GEMM, which packs it anyway, when it is large: copying it
        // transposed for the kernel cost more than the kernel gained (Eigen
        // 100-125 GFLOP/s against 60-70 on 64- to 256-wide layers).
        const bool transposed = lhs.rowStride() != 1;
        const bool toEigen = transposed && dst.rows() >= kEigenTransposedMin && lhs.cols() >= kEigenTransposedMin;
        if (dst.rows() >= kKernelMinRows && dst.rowStride() == 1 && !toEigen) {
            const Eigen::Index m = dst.rows(), k = lhs.cols();
            const T* b = rhs.data();
            const Eigen::Index bs = rhs.rowStride(), bt = rhs.colStride(), ldc = dst.colStride();
            T* c = dst.data();
            if (transposed) {
                writeStart();
                // A transposed weight matrix: the kernel needs contiguous
                // columns, so each part copies the rows of it that it
                // multiplies (parts split the result's rows, in multiples of
                // 16, so that the copies run in parallel too).
                const Eigen::Index blocks = (m + 15) / 16;
                auto part = [&](int index) {
                    const int parts = team ? team->size() : 1;
                    const Eigen::Index begin = std::min(m, 16 * (blocks * index / parts));
                    const Eigen::Index count = std::min(m, 16 * (blocks * (index + 1) / parts)) - begin;
                    if (count <= 0)
                        return;
                    float* copy = transposed_.data() + begin * k;
                    if (lhs.colStride() == 1)
                        avx512::transposeInto(lhs.data() + begin * lhs.rowStride(), lhs.rowStride(), count, k, copy);
                    else
                        Eigen::Map<Mat>(copy, count, k) = lhs.middleRows(begin, count);
                    avx512::product(count, cols, k, copy, count, b, bs, bt, c + begin, ldc, accumulate);
                };
                if (team)
                    team->run(part);
                else
                    part(0);
                return;
            }
            const T* a = lhs.data();
            const Eigen::Index lda = lhs.colStride();
            auto part = [&](int index) {
                const int parts = team ? team->size() : 1;
                const Eigen::Index begin = cols * index / parts;
                const Eigen::Index count = cols * (index + 1) / parts - begin;
                if (count > 0)
                    avx512::product(m, count, k, a, lda, b + begin * bt, bs, bt, c + begin * ldc, ldc, accumulate,
                                    start);
            };
            if (team)
                team->run(part);
            else
                part(0);
            return;
        }
    }
#endif
    writeStart();
    if (!team) {
        if (accumulate)
            dst.noalias() += lhs * rhs;
        else
            dst.noalias() = lhs * rhs;
        return;
    }
    // Each part computes its own contiguous block of result columns, in full.
    const int parts = team->size();
    auto task = [&](int part) {
        const Eigen::Index begin = cols * part / parts;
        const Eigen::Index count = cols * (part + 1) / parts - begin;
        if (count == 0)
            return;
        auto block = dst.middleCols(begin, count);
        if (accumulate)
            block.noalias() += lhs * rhs.middleCols(begin, count);
        else
            block.noalias() = lhs * rhs.middleCols(begin, count);
    };
    team->run(task);
}

template <typename T>
typename BasicNetwork<T>::Mat::ColsBlockXpr BasicNetwork<T>::forwardTrain(const Eigen::Ref<const Mat>& x, Rng& dropoutRng,
                                                                          bool reuseMasks)
{
    const Eigen::Index n = x.cols();
    if (n < 1 || x.rows() != spec_.inputs)
        throw std::invalid_argument("forwardTrain: input has the wrong shape");
    reserve(n);
    if (reuseMasks && n != batch_)
        reuseMasks = false;
    batch_ = n;
    const T keep = static_cast<T>(1.0 - spec_.dropout);
    for (int l = 0; l + 1 < layerCount(); ++l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        auto z = c.z.leftCols(n);
        // The product's sums start from the bias: no pass over z of its own.
        const T* b = parameters_.data() + s.bias;
        if (l == 0)
            multiply(z, weight(l), x, false, b);
        else
            multiply(z, weight(l), cache_[l - 1].a.leftCols(n), false, b);

        auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        if (s.gamma >= 0) {
            // Batch statistics; the variance used for normalization is the
            // biased one, the running estimate gets the unbiased one (PyTorch).
            const T eps = static_cast<T>(spec_.batchNormEps);
            const T momentum = static_cast<T>(spec_.batchNormMomentum);
            c.mean = z.rowwise().mean();
            auto zhat = c.zhat.leftCols(n);
            zhat = z.colwise() - c.mean;
            c.var = zhat.rowwise().squaredNorm() / static_cast<T>(n);
            const auto& var = c.var;
            c.invStd = (var.array() + eps).rsqrt();
            zhat = c.invStd.asDiagonal() * zhat;
            const auto gamma = parameters_.segment(s.gamma, s.out);
            const auto beta = parameters_.segment(s.beta, s.out);
            u = (gamma.asDiagonal() * zhat).colwise() + beta;
            runningMean_[l] = (T(1) - momentum) * runningMean_[l] + momentum * c.mean;
            if (n > 1)
                runningVar_[l] = (T(1) - momentum) * runningVar_[l]
                                 + momentum * var * (static_cast<T>(n) / static_cast<T>(n - 1));
        }
        auto a = c.a.leftCols(n);
        if (activatesInPlace(l)) {
            auto aFlat = flat(a);
            activate<T>(spec_.activation, flat(u), aFlat);
            continue;
        }
        auto h = c.h.leftCols(n);
        auto hFlat = flat(h);
        activate<T>(spec_.activation, flat(u), hFlat);
        if (spec_.dropout > 0.0) {
            auto mask = c.mask.leftCols(n);
            if (!reuseMasks) {
                // Inverted dropout: kept units are scaled by 1/keep so that
                // evaluation needs no rescaling.
                for (Eigen::Index j = 0; j < n; ++j)
                    for (Eigen::Index i = 0; i < s.out; ++i)
                        mask(i, j) = dropoutRng.bernoulli(spec_.dropout) ? T(0) : T(1) / keep;
            }
            a = h.cwiseProduct(mask);
        } else {
            a = h;
        }
        if (s.residual)
            a += cache_[l - 1].a.leftCols(n);
    }
    const int last = layerCount() - 1;
    auto logits = logits_.leftCols(n);
    const T* b = parameters_.data() + layouts_[last].bias;
    if (last == 0)
        multiply(logits, weight(last), x, false, b);
    else
        multiply(logits, weight(last), cache_[last - 1].a.leftCols(n), false, b);
    return logits;
}

template <typename T>
void BasicNetwork<T>::backward(const Eigen::Ref<const Mat>& x, const Eigen::Ref<const Mat>& gradLogits)
{
    const Eigen::Index n = batch_;
    if (gradLogits.cols() != n || x.cols() != n)
        throw std::invalid_argument("backward: batch does not match the last forward pass");
    const int last = layerCount() - 1;
    auto inputOf = [&](int l) -> Eigen::Ref<const Mat> {
        if (l == 0)
            return x;
        return cache_[l - 1].a.leftCols(n);
    };

    // Output layer.
    {
        const auto& s = layouts_[last];
        Eigen::Map<Mat> gw(gradients_.data() + s.weight, s.out, s.in);
        multiply(gw, gradLogits, inputOf(last).transpose(), false);
        gradients_.segment(s.bias, s.out) = gradLogits.rowwise().sum();
        if (last > 0)
            multiply(cache_[last - 1].delta.leftCols(n), weight(last).transpose(), gradLogits, false);
    }
    for (int l = last - 1; l >= 0; --l) {
        const auto& s = layouts_[l];
        auto& c = cache_[l];
        auto delta = c.delta.leftCols(n); // dL/da
        const bool inPlace = activatesInPlace(l);
        auto dz = (inPlace ? c.delta : c.dz).leftCols(n);
        // Through dropout, then the activation.
        if (spec_.dropout > 0.0)
            dz = delta.cwiseProduct(c.mask.leftCols(n));
        else if (!inPlace)
            dz = delta;
        const auto u = s.gamma >= 0 ? c.u.leftCols(n) : c.z.leftCols(n);
        auto dzFlat = flat(dz);
        multiplyByDerivative<T>(spec_.activation, flat(u), flat((inPlace ? c.a : c.h).leftCols(n)), dzFlat);
        if (s.gamma >= 0) {
            // dz now holds dL/du; batch-norm backward to dL/dz.
            const auto zhat = c.zhat.leftCols(n);
            const auto gamma = parameters_.segment(s.gamma, s.out);
            c.sumDu = dz.rowwise().sum();
            c.sumDuZhat = dz.cwiseProduct(zhat).rowwise().sum();
            const auto& sumDu = c.sumDu;
            const auto& sumDuZhat = c.sumDuZhat;
            gradients_.segment(s.gamma, s.out) = sumDuZhat;
            gradients_.segment(s.beta, s.out) = sumDu;
            const T invN = T(1) / static_cast<T>(n);
            c.scale = gamma.cwiseProduct(c.invStd);
            const auto& scale = c.scale;
            dz = scale.asDiagonal()
                 * ((dz - (zhat.array().colwise() * (sumDuZhat * invN).array()).matrix()).colwise() - sumDu * invN);
        }
        Eigen::Map<Mat> gw(gradients_.data() + s.weight, s.out, s.in);
        multiply(gw, dz, inputOf(l).transpose(), false);
        gradients_.segment(s.bias, s.out) = dz.rowwise().sum();
        if (l > 0) {
            auto prev = cache_[l - 1].delta.leftCols(n);
            multiply(prev, weight(l).transpose(), dz, false);
            if (s.residual)
                prev += delta;
        }
    }
}

template <typename T>
void BasicNetwork<T>::forwardHiddenEval(int l, const Eigen::Ref<const Mat>& in, Mat& out) const
{
    const auto& s = layouts_[l];
    Mat z = weight(l) * in;
    z.colwise() += bias(l);
    if (s.gamma >= 0) {
        const T eps = static_cast<T>(spec_.batchNormEps);
        const Vec scale = parameters_.segment(s.gamma, s.out).array() * (runningVar_[l].array() + eps).rsqrt();
        const Vec shift = parameters_.segment(s.beta, s.out) - scale.cwiseProduct(runningMean_[l]);
        z = (scale.asDiagonal() * z).colwise() + shift;
    }
    Mat h(s.out, in.cols());
    activate<T>(spec_.activation, z, h);
    if (s.residual)
        h += in;
    out = std::move(h);
}

template <typename T>
void BasicNetwork<T>::predictLogits(const Eigen::Ref<const Mat>& x, Mat& logits) const
{
    if (x.rows() != spec_.inputs)
        throw std::invalid_argument("predict: input has the wrong number of features");
    logits.resize(spec_.outputs, x.cols());
    // Chunks bound the temporary memory for large evaluation sets.
    constexpr Eigen::Index chunk = 4096;
    Mat a, next;
    const int last = layerCount() - 1;
    for (Eigen::Index start = 0; start < x.cols(); start += chunk) {
        const Eigen::Index n = std::min(chunk, x.cols() - start);
        if (last == 0) {
            logits.middleCols(start, n).noalias() = weight(0) * x.middleCols(start, n);
        } else {
            forwardHiddenEval(0, x.middleCols(start, n), a);
            for (int l = 1; l < last; ++l) {
                forwardHiddenEval(l, a, next);
                std::swap(a, next);
            }
            logits.middleCols(start, n).noalias() = weight(last) * a;
        }
        logits.middleCols(start, n).colwise() += bias(last);
    }
}

template <typename T>
void BasicNetwork<T>::predict(const Eigen::Ref<const Mat>& x, Mat& outputs) const
{
    Mat logits;
    predictLogits(x, logits);
    outputs.resize(logits.rows(), logits.cols());
    outputActivation<T>(spec_.loss, logits, outputs);
}

template <typename T>
typename BasicNetwork<T>::Mat::ConstColsBlockXpr BasicNetwork<T>::activationOutput(int l) const
{
    return (activatesInPlace(l) ? cache_[l].a : cache_[l].h).leftCols(batch_);
}

template class BasicNetwork<float>;
template class BasicNetwork<double>;

} // namespace hs

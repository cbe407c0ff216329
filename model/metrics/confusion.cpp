#include "metrics/confusion.h"

#include <stdexcept>
#include <string>

namespace hs {

CountMatrix confusionMatrix(const IndexVector& actual, const IndexVector& predicted, int classes)
{
    if (classes < 0)
        throw std::invalid_argument("confusionMatrix: classes must be >= 0, got "
                                    + std::to_string(classes));
    if (actual.size() != predicted.size())
        throw std::invalid_argument("confusionMatrix: " + std::to_string(actual.size())
                                    + " actual labels but " + std::to_string(predicted.size())
                                    + " predicted labels");
    CountMatrix counts = CountMatrix::Zero(classes, classes);
    for (Eigen::Index s = 0; s < actual.size(); ++s) {
        const int a = actual[s];
        const int p = predicted[s];
        if (a < 0 || a >= classes || p < 0 || p >= classes)
            throw std::invalid_argument("confusionMatrix: sample " + std::to_string(s)
                                        + " has label (actual " + std::to_string(a)
                                        + ", predicted " + std::to_string(p)
                                        + ") outside [0, " + std::to_string(classes) + ")");
        ++counts(a, p);
    }
    return counts;
}

} // namespace hs

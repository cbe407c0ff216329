// Bad CSV input beyond test_data_csv's malformed rows: binary garbage, NUL
// bytes, odd line ends, absurd shapes (a wide header over many short lines,
// 10,000 columns, 100,000 rows), absurd cells. Every case ends in a DataError
// naming the file and, where there is one, the line and column; none may
// crash, hang, or allocate more than the text could hold.

#include "data/csv_reader.h"
#include "data/data_error.h"

#include <QtTest>

#include <random>

using namespace hs;

namespace {

QString failure(std::string_view text, const CsvOptions& options = {})
{
    // A header ending in "target" marks a regression file in the rows below.
    CsvOptions effective = options;
    if (text.substr(0, text.find('\n')).ends_with(",target"))
        effective.task = Task::Regression;
    try {
        parseCsv(text, effective, "bad.csv");
    } catch (const DataError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestDataBadInput : public QObject {
    Q_OBJECT
private slots:
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        using namespace std::string_literals;
        QTest::newRow("NUL in a number") << QByteArray("a,b,label\n1,\0,x\n", 16) << "bad.csv, line 2, column 2 (\"b\"): expected a number, found \"\\x00\"";
        QTest::newRow("NUL as the whole file") << QByteArray(64, '\0') << "bad.csv, line 1: the header has 1 column";
        QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << "bad.csv: the file is empty";
        QTest::newRow("whitespace only") << QByteArray(" \t\r\n\r\n  \n") << "bad.csv: the file is empty";
        QTest::newRow("label column only") << QByteArray("label\nx\ny\n") << "bad.csv, line 1: the header has 1 column";
        QTest::newRow("quote inside a number") << QByteArray("a,label\n1\"2,x\n") << "bad.csv, line 2, column 1 (\"a\"): expected a number, found \"1\"2\"";
        QTest::newRow("hex float") << QByteArray("a,label\n0x1p3,x\n") << "line 2, column 1 (\"a\"): expected a number, found \"0x1p3\"";
        QTest::newRow("two signs") << QByteArray("a,label\n+-1,x\n") << "expected a number, found \"+-1\"";
        QTest::newRow("number with unit") << QByteArray("a,label\n3kg,x\n") << "expected a number, found \"3kg\"";
        QTest::newRow("overflow in regression target") << QByteArray("a,target\n1,1e400\n") << "line 2, column 2 (\"target\"): \"1e400\" is out of range";
        QTest::newRow("NaN regression target") << QByteArray("a,target\n1,nan\n") << "line 2, column 2 (\"target\"): missing value \"nan\"";
        QTest::newRow("regression target 1e400 read for classification") << QByteArray("a,y\n1,1e400\n2,1e400\n")
            << "bad.csv: the label column \"y\" has a single class \"1e400\": classification needs at least 2 classes; "
               "if the column is a number to predict, set model.task = \"regression\"";
        QTest::newRow("regression target nan read for classification") << QByteArray("a,y\n1,nan\n2,nan\n")
            << "single class \"nan\": classification needs at least 2 classes; if the column is a number to predict, set model.task";
        QTest::newRow("one named class") << QByteArray("a,y\n1,sick\n2,sick\n")
            << "single class \"sick\": classification needs at least 2 classes";
        QTest::newRow("a megabyte of digits") << QByteArray("a,label\n" + QByteArray(1 << 20, '9') + ",x\n")
                                              << "line 2, column 1 (\"a\"): \"9999999999999999999999999999999999999999...\" is out of range";
        QTest::newRow("lone CR line ends") << QByteArray("a,label\r1,x\r2,y\rq,x\r") << "bad.csv, line 4, column 1";
        QTest::newRow("more fields in a later row") << QByteArray("a,label\n1,x\n2,y,3\n") << "bad.csv, line 3, column 3: expected 2 fields";
        QTest::newRow("header names differing only by spaces") << QByteArray("a, a ,label\n1,2,x\n") << "duplicate column name \"a\"";
        QTest::newRow("unclosed quote at the very end") << QByteArray("a,label\n1,\"") << "bad.csv, line 2, column 2: a quoted field is never closed";
        QTest::newRow("1001 classes") << [] {
            QByteArray t("a,label\n");
            for (int i = 0; i <= 1000; ++i)
                t += "1,c" + QByteArray::number(i) + "\n";
            return t;
        }() << "line 1002, column 2 (\"label\"): more than 1000 distinct labels";
    }
    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const QString got = failure(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    void binaryGarbage()
    {
        // Random bytes, with and without line breaks: a DataError naming the
        // file every time, never another exception or a crash.
        std::mt19937 random(12345);
        for (int round = 0; round < 200; ++round) {
            std::string bytes(static_cast<std::size_t>(random() % 4096), '\0');
            for (char& c : bytes)
                c = static_cast<char>(random() & 0xFF);
            CsvOptions options;
            options.task = round % 2 ? Task::Regression : Task::Classification;
            options.skipIncompleteRows = round % 3 == 0;
            try {
                parseCsv(bytes, options, "garbage.bin");
            } catch (const DataError& e) {
                QVERIFY2(QString::fromLatin1(e.what()).startsWith("garbage.bin"), e.what());
            }
        }
    }

    void wideHeaderOverManyShortLinesDoesNotReserveTheirProduct()
    {
        // 200,000 columns × 200,000 lines would be 4·10^10 floats (160 GB)
        // if the reader reserved lines × columns; the text is only 800 kB.
        std::string text;
        for (int c = 0; c < 200000; ++c)
            text += "c" + std::to_string(c) + ",";
        text += "label\n";
        text.reserve(text.size() + 400000);
        for (int r = 0; r < 200000; ++r)
            text += "1\n";
        QElapsedTimer timer;
        timer.start();
        const QString got = failure(text);
        QVERIFY2(got.contains("bad.csv, line 2, column 2 (\"c1\"): expected 200001 fields as in the header, found 1"), qPrintable(got.left(200)));
        qInfo("refused in %lld ms", static_cast<long long>(timer.elapsed()));
    }

    void tenThousandColumns()
    {
        std::string text;
        for (int c = 0; c < 10000; ++c)
            text += "f" + std::to_string(c) + ",";
        text += "label\n";
        for (int r = 0; r < 10; ++r) {
            for (int c = 0; c < 10000; ++c)
                text += std::to_string((r * 7 + c) % 13) + ",";
            text += r % 2 ? "yes\n" : "no\n";
        }
        const CsvLoad load = parseCsv(text, {}, "wide.csv");
        QCOMPARE(load.data.features(), Eigen::Index(10000));
        QCOMPARE(load.data.samples(), Eigen::Index(10));
        QCOMPARE(load.data.x(9999, 9), float((9 * 7 + 9999) % 13));
    }

    void hundredThousandRows()
    {
        // 10^5 rows here keeps the test fast; 10^6 rows is timed by hand
        // (see the reliability report): parsing is linear in the text.
        std::string text = "x1,x2,x3,label\n";
        text.reserve(3000000);
        for (int r = 0; r < 100000; ++r)
            text += std::to_string(r % 97) + "." + std::to_string(r % 10) + "," + std::to_string(-r) + ",1e-3,"
                    + (r % 3 == 0 ? "a" : r % 3 == 1 ? "b" : "c") + "\n";
        QElapsedTimer timer;
        timer.start();
        const CsvLoad load = parseCsv(text, {}, "big.csv");
        qInfo("parsed 100,000 rows (%zu bytes) in %lld ms", text.size(), static_cast<long long>(timer.elapsed()));
        QCOMPARE(load.data.samples(), Eigen::Index(100000));
        QCOMPARE(load.data.classes, 3);
        QCOMPARE(load.data.x(1, 99999), -99999.0f);
        QCOMPARE((load.data.labels.array() == 2).count(), Eigen::Index(33333));
    }
};

QTEST_GUILESS_MAIN(TestDataBadInput)
#include "test_data_badinput.moc"

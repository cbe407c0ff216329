// CSV reader: well-formed variants (BOM, CRLF, quotes, separators, label by
// name or index, string and numeric labels, regression, skipped rows) and one
// test row per kind of malformed input, checking line and column.

#include "data/csv_reader.h"
#include "data/data_error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <stdexcept>

using namespace hs;

namespace {

CsvLoad parse(std::string_view text, const std::string& label = "", Task task = Task::Classification,
              bool skip = false)
{
    CsvOptions o;
    o.labelColumn = label;
    o.task = task;
    o.skipIncompleteRows = skip;
    return parseCsv(text, o, "test.csv");
}

std::vector<std::string> names(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

} // namespace

class TestDataCsv : public QObject {
    Q_OBJECT

private slots:
    void basic();
    void bomAndCrlf();
    void quotedFields();
    void separators_data();
    void separators();
    void labelColumnByNameAndIndex();
    void stringLabelsInOrderOfAppearance();
    void numericLabelsSorted();
    void classOrderOption();
    void regression();
    void numbersAndWhitespace();
    void skippedRows();
    void loadFromFile();

    void malformed_data();
    void malformed();
    void missingFile();
};

void TestDataCsv::basic()
{
    const CsvLoad load = parse("a,b,label\n1,2,x\n3,4,y\n5,6,x\n");
    const Dataset& d = load.data;
    d.validate();
    QCOMPARE(d.samples(), Eigen::Index(3));
    QCOMPARE(d.features(), Eigen::Index(2));
    QCOMPARE(d.featureNames, names({"a", "b"}));
    QCOMPARE(d.classNames, names({"x", "y"}));
    QCOMPARE(d.x(0, 1), 3.0f);   // features × samples
    QCOMPARE(d.x(1, 2), 6.0f);
    QCOMPARE(d.labels[1], 1);
    QCOMPARE(d.labels[2], 0);
    QCOMPARE(load.skippedRows, std::size_t(0));
    QCOMPARE(d.targets.size(), Eigen::Index(0));
}

void TestDataCsv::bomAndCrlf()
{
    const Dataset d = parse("\xEF\xBB\xBF" "a,b,label\r\n1,2,x\r\n3,4,y\r\n\r\n").data;
    QCOMPARE(d.featureNames, names({"a", "b"}));
    QCOMPARE(d.samples(), Eigen::Index(2));
    QCOMPARE(d.classNames, names({"x", "y"}));
    // A lone CR (old Mac line ends) also ends a line; no final newline is fine too.
    QCOMPARE(parse("a,label\r1,x\r2,y").data.samples(), Eigen::Index(2));
}

void TestDataCsv::quotedFields()
{
    const Dataset d = parse("\"a, first\",\"b \"\"q\"\"\",label\n"
                            "\"1.5\",2,\"class, one\"\n"
                            "3, \"4\" ,\"two\nlines\"\n"
                            "5,6,\"class, one\"\n").data;
    QCOMPARE(d.featureNames, names({"a, first", "b \"q\""}));
    QCOMPARE(d.classNames, names({"class, one", "two\nlines"}));
    QCOMPARE(d.x(0, 0), 1.5f);
    QCOMPARE(d.x(1, 1), 4.0f);
    QCOMPARE(d.labels[2], 0);
}

void TestDataCsv::separators_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<char>("separator");
    QTest::newRow("comma auto") << QByteArray("a,b,label\n1.5,2,x\n3,4,y\n") << char(0);
    QTest::newRow("semicolon auto") << QByteArray("a;b;label\n1.5;2;x\n3;4;y\n") << char(0);
    QTest::newRow("semicolon decimal comma") << QByteArray("a;b;label\n1,5;2;x\n3;4;y\n") << char(0);
    QTest::newRow("tab auto") << QByteArray("a\tb\tlabel\n1.5\t2\tx\n3\t4\ty\n") << char(0);
    QTest::newRow("tab, names with commas") << QByteArray("a,1\tb,2\tlabel\n1.5\t2\tx\n3\t4\ty\n") << char('\t');
    QTest::newRow("semicolon explicit") << QByteArray("a;b;label\n1.5;2;x\n3;4;y\n") << char(';');
}

void TestDataCsv::separators()
{
    QFETCH(QByteArray, text);
    QFETCH(char, separator);
    CsvOptions o;
    o.separator = separator;
    const Dataset d = parseCsv(std::string_view(text.constData(), text.size()), o, "sep.csv").data;
    QCOMPARE(d.features(), Eigen::Index(2));
    QCOMPARE(d.samples(), Eigen::Index(2));
    QCOMPARE(d.x(0, 0), 1.5f);
    QCOMPARE(d.classNames, names({"x", "y"}));
}

void TestDataCsv::labelColumnByNameAndIndex()
{
    const char* text = "species,w,h\ncat,1,2\ndog,3,4\n";
    const Dataset byName = parse(text, "species").data;
    QCOMPARE(byName.featureNames, names({"w", "h"}));
    QCOMPARE(byName.classNames, names({"cat", "dog"}));
    QCOMPARE(byName.x(1, 1), 4.0f);
    const Dataset byIndex = parse(text, "0").data;
    QCOMPARE(byIndex.x, byName.x);
    QCOMPARE(byIndex.labels, byName.labels);
    // A header that is itself digits is matched by name first.
    const Dataset digits = parse("0,1,2\nx,6,7\ny,8,9\n", "0").data;
    QCOMPARE(digits.featureNames, names({"1", "2"}));
    QCOMPARE(digits.classNames, names({"x", "y"}));
}

void TestDataCsv::stringLabelsInOrderOfAppearance()
{
    const Dataset d = parse("v,label\n1,b\n2,a\n3,b\n4,c\n5, a \n").data;
    QCOMPARE(d.classNames, names({"b", "a", "c"}));
    QCOMPARE(d.labels, (Eigen::VectorXi(5) << 0, 1, 0, 2, 1).finished());
    QCOMPARE(d.classCounts(), (std::vector<Eigen::Index>{2, 2, 1}));
}

void TestDataCsv::numericLabelsSorted()
{
    const Dataset d = parse("v,label\n1,2\n2,0\n3,10\n4,1\n5,0\n").data;
    QCOMPARE(d.classNames, names({"0", "1", "2", "10"}));
    QCOMPARE(d.labels, (Eigen::VectorXi(5) << 2, 0, 3, 1, 0).finished());
}

void TestDataCsv::classOrderOption()
{
    CsvOptions o;
    o.classOrder = {"benign", "malignant"};
    const Dataset d = parseCsv("v,label\n1,malignant\n2,benign\n", o, "order.csv").data;
    QCOMPARE(d.classNames, names({"benign", "malignant"}));
    QCOMPARE(d.labels[0], 1);
    QCOMPARE(d.labels[1], 0);
}

void TestDataCsv::regression()
{
    const Dataset d = parse("x1,x2,y\n1,2,0.5\n3,4,-1e2\n", "y", Task::Regression).data;
    d.validate();
    QCOMPARE(d.task, Task::Regression);
    QCOMPARE(d.classes, 0);
    QCOMPARE(d.labels.size(), Eigen::Index(0));
    QCOMPARE(d.targets.rows(), Eigen::Index(1));
    QCOMPARE(d.targets(0, 1), -100.0f);
}

void TestDataCsv::numbersAndWhitespace()
{
    const Dataset d = parse("a,b,c,label\n +1e3 , -0.25,1e-50,x\n.5,7.,-0,y\n").data;
    QCOMPARE(d.x(0, 0), 1000.0f);
    QCOMPARE(d.x(1, 0), -0.25f);
    QCOMPARE(d.x(2, 0), 0.0f);
    QCOMPARE(d.x(0, 1), 0.5f);
    QCOMPARE(d.x(1, 1), 7.0f);
}

void TestDataCsv::skippedRows()
{
    const char* text = "a,b,label\n1,2,x\n,3,y\n4,NA,y\n5,?,x\n6,nan,x\n7,8\n9,10,\n11,12,y\n";
    const CsvLoad load = parse(text, "", Task::Classification, true);
    QCOMPARE(load.skippedRows, std::size_t(6));
    QCOMPARE(load.data.samples(), Eigen::Index(2));
    QCOMPARE(load.data.x(0, 1), 11.0f);

    // Without the option the first incomplete row is an error.
    try {
        parse(text);
        QFAIL("no error");
    } catch (const DataError& e) {
        QCOMPARE(e.line(), std::size_t(3));
        QCOMPARE(e.column(), std::size_t(1));
    }
    // Every row incomplete: still an error, saying so.
    try {
        parse("a,label\nNA,x\n,y\n", "", Task::Classification, true);
        QFAIL("no error");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).contains("all 2 data rows are incomplete"), e.what());
    }
}

void TestDataCsv::loadFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("data.csv").toStdString();
    std::ofstream(path, std::ios::binary) << "a;b;label\r\n1;2;yes\r\n3;4;no\r\n";
    CsvOptions o;
    o.path = path;
    const CsvLoad load = loadCsv(o);
    QCOMPARE(load.data.samples(), Eigen::Index(2));
    QCOMPARE(load.data.classNames, names({"yes", "no"}));
}

void TestDataCsv::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("label");
    QTest::addColumn<bool>("regression");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    QTest::newRow("non-numeric cell") << QByteArray("a,b,label\n1,2,x\n3,abc,y\n") << "" << false << 3 << 2
                                      << "test.csv, line 3, column 2 (\"b\"): expected a number, found \"abc\"";
    QTest::newRow("ragged row, short") << QByteArray("a,b,label\n1,2,x\n3,y\n") << "" << false << 3 << 3
                                       << "expected 3 fields as in the header, found 2";
    QTest::newRow("ragged row, long") << QByteArray("a,b,label\n1,2,x,9\n") << "" << false << 2 << 4
                                      << "test.csv, line 2, column 4: expected 3 fields as in the header, found 4";
    QTest::newRow("empty file") << QByteArray("") << "" << false << 0 << 0
                                << "test.csv: the file is empty: expected a header row";
    QTest::newRow("blank file with BOM") << QByteArray("\xEF\xBB\xBF\r\n \n") << "" << false << 0 << 0
                                         << "the file is empty";
    QTest::newRow("header only") << QByteArray("a,b,label\n\n") << "" << false << 0 << 0
                                 << "test.csv: the file has a header row only: expected data rows";
    QTest::newRow("single column") << QByteArray("a\n1\n") << "" << false << 1 << 0
                                   << "the header has 1 column: expected at least 2";
    QTest::newRow("missing label column") << QByteArray("a,b,label\n1,2,x\n") << "target" << false << 1 << 0
                                          << "test.csv, line 1: missing label column \"target\": expected one of \"a\", \"b\", \"label\"";
    QTest::newRow("label index out of range") << QByteArray("a,b,label\n1,2,x\n") << "3" << false << 1 << 0
                                              << "missing label column: index 3 is out of range: expected 0 to 2";
    QTest::newRow("single class") << QByteArray("a,label\n1,x\n2,x\n") << "" << false << 0 << 0
                                  << "the label column \"label\" has a single class \"x\"";
    QTest::newRow("NaN cell") << QByteArray("a,b,label\n1,NaN,x\n") << "" << false << 2 << 2
                              << "line 2, column 2 (\"b\"): missing value \"NaN\": expected a finite number";
    QTest::newRow("Inf cell") << QByteArray("a,b,label\n1,2,x\n-Infinity,2,y\n") << "" << false << 3 << 1
                              << "line 3, column 1 (\"a\"): infinite value \"-Infinity\"";
    QTest::newRow("float overflow") << QByteArray("a,b,label\n1,1e39,x\n") << "" << false << 2 << 2
                                    << "\"1e39\" is out of range";
    QTest::newRow("empty cell") << QByteArray("a,b,label\n1,,x\n") << "" << false << 2 << 2
                                << "line 2, column 2 (\"b\"): empty cell: expected a number";
    QTest::newRow("empty label") << QByteArray("a,label\n1,x\n2,\n") << "" << false << 3 << 2
                                 << "line 3, column 2 (\"label\"): empty label";
    QTest::newRow("duplicate header") << QByteArray("a,b,a,label\n1,2,3,x\n") << "" << false << 1 << 3
                                      << "line 1, column 3 (\"a\"): duplicate column name \"a\" (also column 1)";
    QTest::newRow("empty header name") << QByteArray(",a,label\n1,2,x\n") << "" << false << 1 << 1
                                       << "line 1, column 1 (\"\"): empty column name";
    QTest::newRow("unclosed quote") << QByteArray("a,b,label\n1,\"2,x\n3,4,y\n") << "" << false << 2 << 2
                                    << "line 2, column 2: a quoted field is never closed";
    QTest::newRow("text after quote") << QByteArray("a,b,label\n1,\"2\"x,y\n") << "" << false << 2 << 2
                                      << "expected a separator or the end of the line after a closing quote, found 'x'";
    QTest::newRow("non-numeric target") << QByteArray("a,y\n1,2\n3,high\n") << "y" << true << 3 << 2
                                        << "line 3, column 2 (\"y\"): expected a number, found \"high\"";
    QTest::newRow("line count after multi-line quote")
        << QByteArray("a,label\n1,\"multi\nline\"\n\n2,\"x\"\nabc,y\n") << "" << false << 6 << 1
        << "test.csv, line 6, column 1 (\"a\"): expected a number, found \"abc\"";
    QTest::newRow("CRLF line numbers") << QByteArray("a,label\r\n1,x\r\n2,y\r\nz,x\r\n") << "" << false << 4 << 1
                                       << "line 4, column 1";
}

void TestDataCsv::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, label);
    QFETCH(bool, regression);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, expected);
    try {
        parse(std::string_view(text.constData(), text.size()), label.toStdString(),
              regression ? Task::Regression : Task::Classification);
        QFAIL("no DataError thrown");
    } catch (const DataError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        QCOMPARE(e.line(), std::size_t(line));
        QCOMPARE(e.column(), std::size_t(column));
    }
}

void TestDataCsv::missingFile()
{
    CsvOptions o;
    o.path = "/nonexistent/dir/data.csv";
    try {
        loadCsv(o);
        QFAIL("no DataError thrown");
    } catch (const DataError& e) {
        QVERIFY2(QString(e.what()).startsWith("/nonexistent/dir/data.csv: cannot read the file"), e.what());
    }
    o.path.clear();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loadCsv(o));
}

QTEST_APPLESS_MAIN(TestDataCsv)
#include "test_data_csv.moc"

/* test_sheet.c: roster import and export (A2): sheet_read() on CSV and
** xlsx, xlsx_* writing, formula neutralisation (AS-F08), ID numbers as
** text (AS-F09) and zip-bomb / corrupt-file defences (AS-F02, AS-F03). */
#include "tester.h"
#include "../../src/sheet.h"
#include "../../src/xlsx.h"
#include "../../src/util.h"
#include "../../src/buf.h"
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* Parse z[0..n) as file zName; returns the Sheet or NULL, with the error
** code in *pzCode (static, or "" on success). */
static Sheet *parse(const char *zName, const char *z, size_t n, int nMax,
                    const char **pzCode)
{
    Sheet *p = 0;
    char *zMsg = 0;
    const char *zCode = 0;
    int rc = sheet_read(zName, z, n, nMax, &p, &zCode, &zMsg);
    *pzCode = rc ? zCode : "";
    if (rc && (!zMsg || !*zMsg))
        printf("  no message for %s\n", zName ? zName : "(null)");
    free(zMsg);
    return p;
}

/* Parse a CSV string (strlen) with a 1000-row limit. */
static Sheet *parse_csv(const char *z, const char **pzCode)
{
    return parse("t.csv", z, strlen(z), 1000, pzCode);
}

/* Convert UTF-8 text to GB18030 with iconv.  Caller frees with free(). */
static char *to_gb18030(const char *z, size_t *pn)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t nIn = strlen(z), nOut = nIn * 2 + 8;
    char *zOut = xmalloc(nOut), *pIn = (char *)z, *pOut = zOut;
    if (cd == (iconv_t)-1) return zOut;
    iconv(cd, &pIn, &nIn, &pOut, &nOut);
    iconv_close(cd);
    *pn = (size_t)(pOut - zOut);
    return zOut;
}

/* Build an xlsx in memory from a NULL-terminated list of name, content
** pairs.  Caller frees with free(). */
static char *make_zip(const char *const *az, size_t *pn)
{
    char zPath[] = "/tmp/zhibu-test-sheet-XXXXXX";
    int fd = mkstemp(zPath);
    if (fd < 0) return 0;
    close(fd);
    zip_t *z = zip_open(zPath, ZIP_CREATE | ZIP_TRUNCATE, 0);
    for (int i = 0; z && az[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(z, az[i + 1], strlen(az[i + 1]), 0);
        zip_file_add(z, az[i], s, ZIP_FL_OVERWRITE);
    }
    if (z) zip_close(z);
    char *zData = util_read_file(zPath, pn);
    unlink(zPath);
    return zData;
}

/* Read one entry of a zip held in memory.  Caller frees with free(). */
static char *zip_entry(const char *zData, size_t n, const char *zName)
{
    zip_source_t *s = zip_source_buffer_create(zData, n, 0, 0);
    zip_t *z = zip_open_from_source(s, ZIP_RDONLY, 0);
    Buf b = BUF_INIT;
    zip_file_t *f = z ? zip_fopen(z, zName, 0) : 0;
    char a[4096];
    zip_int64_t k;
    while (f && (k = zip_fread(f, a, sizeof a)) > 0)
        buf_append(&b, a, (size_t)k);
    if (f) zip_fclose(f);
    if (z) {
        zip_discard(z);
    } else {
        zip_source_free(s);
    }
    return buf_take(&b);
}

/* The fixed parts of a minimal hand-made xlsx around zSheet (worksheet
** XML), zSst (shared strings or NULL) and zStyles (or NULL). */
static char *make_xlsx(const char *zSheet, const char *zSst,
                       const char *zStyles, const char *zWbPr, size_t *pn)
{
    char *zWb = xprintf(
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
        "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships\">%s<sheets>"
        "<sheet name=\"B\" sheetId=\"2\" r:id=\"rId7\"/>"
        "<sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        zWbPr ? zWbPr : "");
    const char *zRels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
        "2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId7\" Type=\"http://x/worksheet\" "
        "Target=\"/xl/worksheets/first.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"http://x/sharedStrings\" "
        "Target=\"sharedStrings.xml\"/>"
        "<Relationship Id=\"rId4\" Type=\"http://x/styles\" "
        "Target=\"styles.xml\"/></Relationships>";
    const char *az[20];
    int i = 0;
    az[i++] = "[Content_Types].xml";
    az[i++] = "<Types/>";
    az[i++] = "xl/workbook.xml";
    az[i++] = zWb;
    az[i++] = "xl/_rels/workbook.xml.rels";
    az[i++] = zRels;
    az[i++] = "xl/worksheets/first.xml";
    az[i++] = zSheet;
    az[i++] = "xl/worksheets/sheet1.xml";
    az[i++] = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>wrong"
              "</t></is></c></row></sheetData></worksheet>";
    if (zSst) {
        az[i++] = "xl/sharedStrings.xml";
        az[i++] = zSst;
    }
    if (zStyles) {
        az[i++] = "xl/styles.xml";
        az[i++] = zStyles;
    }
    az[i] = 0;
    char *z = make_zip(az, pn);
    free(zWb);
    return z;
}

/* CSV: encodings, RFC 4180 quoting, limits. */
static void test_csv(void)
{
    const char *zCode;
    Sheet *p;

    p = parse_csv("\xef\xbb\xbf姓名,身份证号\r\n张三,11010519491231002X\r\n",
                  &zCode);
    T_STR("a2-import-csv-bom code", zCode, "");
    T_INT("a2-import-csv-bom rows", p ? p->nRow : -1, 2);
    T_STR("a2-import-csv-bom header", sheet_cell(p, 0, 0), "姓名");
    T_STR("a2-import-csv-bom id", sheet_cell(p, 1, 1), "11010519491231002X");
    T_STR("a2-import-csv-bom out of range", sheet_cell(p, 5, 9), "");
    sheet_free(p);

    p = parse_csv("姓名,性别\n李四,女", &zCode);
    T_STR("a2-import-csv-utf8 no bom", sheet_cell(p, 1, 1), "女");
    sheet_free(p);

    /* GB18030: hard-coded bytes of 张三, 党员 and made with iconv */
    const char *zGb = "\xd5\xc5\xc8\xfd,\xb5\xb3\xd4\xb1\r\n";
    p = parse("t.csv", zGb, strlen(zGb), 10, &zCode);
    T_STR("a2-import-csv-gb18030 code", zCode, "");
    T_STR("a2-import-csv-gb18030 1", sheet_cell(p, 0, 0), "张三");
    T_STR("a2-import-csv-gb18030 2", sheet_cell(p, 0, 1), "党员");
    sheet_free(p);
    size_t nGb = 0;
    char *zGb2 = to_gb18030("姓名,支部,备注\n王五,第一党支部,𠀀😀\n", &nGb);
    p = parse("t.csv", zGb2, nGb, 10, &zCode);
    T_STR("a2-import-csv-gb18030 iconv", sheet_cell(p, 1, 1), "第一党支部");
    T_STR("a2-import-csv-gb18030 4-byte", sheet_cell(p, 1, 2), "𠀀😀");
    sheet_free(p);
    free(zGb2);

    p = parse_csv("a,\"b,c\",\"d\"\"e\"\n\"line1\nline2\",x\r\n,,\n\n\r\n",
                  &zCode);
    T_INT("a2-import-csv-quotes rows", p ? p->nRow : -1, 2);
    T_INT("a2-import-csv-quotes cols", p ? p->nCol : -1, 3);
    T_STR("a2-import-csv-quotes comma", sheet_cell(p, 0, 1), "b,c");
    T_STR("a2-import-csv-quotes doubled", sheet_cell(p, 0, 2), "d\"e");
    T_STR("a2-import-csv-quotes newline", sheet_cell(p, 1, 0), "line1\nline2");
    T_STR("a2-import-csv-quotes after", sheet_cell(p, 1, 1), "x");
    sheet_free(p);

    p = parse_csv("h\n\n,b\n\n", &zCode);
    T_INT("a2-import-csv-blank row kept", p ? p->nRow : -1, 3);
    T_INT("a2-import-csv-blank row empty", p ? p->anCol[1] : -1, 0);
    T_STR("a2-import-csv-blank row next", sheet_cell(p, 2, 1), "b");
    sheet_free(p);

    p = parse_csv("'=1+1,'+86138,'-5,'@cmd,'abc,''=x,'\n", &zCode);
    T_STR("a2-import-csv-unquote =", sheet_cell(p, 0, 0), "=1+1");
    T_STR("a2-import-csv-unquote +", sheet_cell(p, 0, 1), "+86138");
    T_STR("a2-import-csv-unquote -", sheet_cell(p, 0, 2), "-5");
    T_STR("a2-import-csv-unquote @", sheet_cell(p, 0, 3), "@cmd");
    T_STR("a2-import-csv-unquote keep", sheet_cell(p, 0, 4), "'abc");
    T_STR("a2-import-csv-unquote double", sheet_cell(p, 0, 5), "'=x");
    T_STR("a2-import-csv-unquote lone", sheet_cell(p, 0, 6), "'");
    sheet_free(p);

    p = parse_csv("a,\"bc\nd\n", &zCode);
    T_STR("a2-import-csv-unclosed quote", zCode, "import.corrupt");
    T_CHECK("a2-import-csv-unclosed null", p == 0);

    p = parse_csv("abc,\x80\x81\xff\n", &zCode);
    T_STR("a2-import-csv-bad encoding", zCode, "import.encoding");
    p = parse_csv("\xd5\xc5\xc8", &zCode);
    T_STR("a2-import-csv-truncated gb18030", zCode, "import.encoding");
    p = parse("t.csv", "a\0b\n", 4, 10, &zCode);
    T_STR("a2-import-csv-nul", zCode, "import.encoding");
    p = parse("t.csv",
              "\xff\xfe"
              "a\0",
              4, 10, &zCode);
    T_STR("a2-import-csv-utf16", zCode, "import.encoding");

    p = parse("t.csv", "h\n1\n2\n\n\n", 8, 2, &zCode);
    T_STR("a2-import-csv-row limit ok", zCode, "");
    sheet_free(p);
    p = parse("t.csv", "h\n1\n2\n3\n", 8, 2, &zCode);
    T_STR("a2-import-csv-row limit", zCode, "import.too_large");
    Buf b = BUF_INIT;
    for (int i = 0; i < 257; i++)
        buf_appends(&b, "x,");
    p = parse_csv(buf_str(&b), &zCode);
    T_STR("a2-import-csv-col limit", zCode, "import.too_large");
    buf_free(&b);

    p = parse("t.csv", "", 0, 10, &zCode);
    T_STR("a2-import-empty file", zCode, "import.empty");
    p = parse_csv("\xef\xbb\xbf\r\n,,\n\n", &zCode);
    T_STR("a2-import-empty rows", zCode, "import.empty");
    p = parse("roster.txt", "a,b\n", 4, 10, &zCode);
    T_STR("a2-import-format txt", zCode, "import.format");
    p = parse("roster.xls", "a,b\n", 4, 10, &zCode);
    T_STR("a2-import-format xls", zCode, "import.format");
    p = parse(0, "a,b\n", 4, 10, &zCode);
    T_STR("a2-import-format null name", zCode, "import.format");
    p = parse("花名册.CSV", "a,b\n", 4, 10, &zCode);
    T_STR("a2-import-format case", zCode, "");
    T_STR("a2-import-format case cell", sheet_cell(p, 0, 1), "b");
    sheet_free(p);
}

/* Hand-made xlsx: cell types, styles, references, escapes, defences. */
static void test_xlsx_read(void)
{
    const char *zCode;
    size_t n;
    Sheet *p;
    const char *zSst =
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
        "main\" count=\"4\"><si><t>姓名</t></si>"
        "<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space=\"preserve\">"
        "三 </t></r><rPh sb=\"0\" eb=\"1\"><t>zhang</t></rPh></si>"
        "<si><t>a_x000D_b_x005F_x0041_c_xD83D__xDE00_</t></si>"
        "<si><t></t></si></sst>";
    const char *zStyles =
        "<styleSheet><numFmts count=\"2\">"
        "<numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月"
        "&quot;d&quot;日&quot;;@\"/>"
        "<numFmt numFmtId=\"177\" formatCode=\"[h]:mm:ss\"/>"
        "<numFmt numFmtId=\"178\" formatCode=\"&quot;day&quot;0\"/>"
        "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
        "<xf numFmtId=\"176\"/><xf numFmtId=\"177\"/><xf numFmtId=\"49\"/>"
        "<xf numFmtId=\"178\"/><xf numFmtId=\"58\"/></cellXfs></styleSheet>";
    const char *zSheet =
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
        "spreadsheetml/2006/main\"><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
        "<x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\"><x:v>1.1010519491231E+17</x:v></x:c>"
        "<x:c r=\"B3\" s=\"1\"><x:v>45356</x:v></x:c>"
        "<x:c r=\"C3\" s=\"2\"><x:v>45356.75</x:v></x:c>"
        "<x:c r=\"D3\"><x:v>12.0</x:v></x:c>"
        "<x:c r=\"E3\" t=\"b\"><x:v>1</x:v></x:c>"
        "<x:c r=\"F3\" t=\"e\"><x:v>#N/A</x:v></x:c>"
        "<x:c r=\"G3\" t=\"str\"><x:f>A1</x:f><x:v>'=calc</x:v></x:c>"
        "<x:c r=\"H3\" t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>"
        "<x:c r=\"I3\" t=\"s\"><x:v>2</x:v></x:c>"
        "<x:c r=\"J3\" s=\"3\"><x:v>1.5</x:v></x:c>"
        "<x:c r=\"K3\" s=\"4\"><x:v>007</x:v></x:c>"
        "<x:c r=\"L3\" s=\"5\"><x:v>3</x:v></x:c>"
        "<x:c r=\"M3\" s=\"6\"><x:v>60</x:v></x:c>"
        "<x:c r=\"N3\"><x:v>1.5E+3</x:v></x:c>"
        "<x:c r=\"O3\"><x:v>1.23456E-3</x:v></x:c>"
        "<x:c r=\"P3\"><x:v>2E+18</x:v></x:c>"
        "<x:c r=\"Q3\"><x:v>-4.5E+1</x:v></x:c>"
        "<x:c r=\"R3\" s=\"1\"><x:v>61</x:v></x:c>"
        "</x:row>"
        "<x:row><x:c><x:v>7</x:v></x:c><x:c t=\"s\"><x:v>3</x:v></x:c>"
        "<x:c><x:v>8</x:v></x:c></x:row>"
        "<x:row r=\"9\"><x:c r=\"A9\" s=\"1\"/><x:c r=\"B9\" t=\"s\">"
        "<x:v>3</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>";
    char *zData = make_xlsx(zSheet, zSst, zStyles, 0, &n);
    p = parse("t.xlsx", zData, n, 100, &zCode);
    T_STR("a2-import-xlsx code", zCode, "");
    T_INT("a2-import-xlsx rows (trailing empty dropped)", p ? p->nRow : -1, 4);
    T_INT("a2-import-xlsx empty row 2", p ? p->anCol[1] : -1, 0);
    T_STR("a2-import-xlsx shared", sheet_cell(p, 0, 0), "姓名");
    T_STR("a2-import-xlsx gap", sheet_cell(p, 0, 1), "");
    T_STR("a2-import-xlsx rich text, no phonetic", sheet_cell(p, 0, 2),
          "张三 ");
    T_STR("a2-import-xlsx E-notation id", sheet_cell(p, 2, 0),
          "110105194912310000");
    T_STR("a2-import-xlsx date 14", sheet_cell(p, 2, 1), "2024-03-05");
    T_STR("a2-import-xlsx date custom", sheet_cell(p, 2, 2), "2024-03-05");
    T_STR("a2-import-xlsx strip .0", sheet_cell(p, 2, 3), "12");
    T_STR("a2-import-xlsx bool", sheet_cell(p, 2, 4), "TRUE");
    T_STR("a2-import-xlsx error", sheet_cell(p, 2, 5), "#N/A");
    T_STR("a2-import-xlsx str unquoted", sheet_cell(p, 2, 6), "=calc");
    T_STR("a2-import-xlsx inline", sheet_cell(p, 2, 7), "内联");
    T_STR("a2-import-xlsx _x escapes", sheet_cell(p, 2, 8), "a\rb_x0041_c😀");
    T_STR("a2-import-xlsx time not date", sheet_cell(p, 2, 9), "1.5");
    T_STR("a2-import-xlsx text style", sheet_cell(p, 2, 10), "007");
    T_STR("a2-import-xlsx quoted d not date", sheet_cell(p, 2, 11), "3");
    T_STR("a2-import-xlsx serial 60", sheet_cell(p, 2, 12), "1900-02-29");
    T_STR("a2-import-xlsx 1.5E+3", sheet_cell(p, 2, 13), "1500");
    T_STR("a2-import-xlsx small E kept", sheet_cell(p, 2, 14), "1.23456E-3");
    T_STR("a2-import-xlsx >=1e18 kept", sheet_cell(p, 2, 15), "2E+18");
    T_STR("a2-import-xlsx negative E", sheet_cell(p, 2, 16), "-45");
    T_STR("a2-import-xlsx serial 61", sheet_cell(p, 2, 17), "1900-03-01");
    T_STR("a2-import-xlsx no r", sheet_cell(p, 3, 0), "7");
    T_STR("a2-import-xlsx no r col 3", sheet_cell(p, 3, 2), "8");
    T_INT("a2-import-xlsx nCol", p ? p->nCol : -1, 18);
    sheet_free(p);
    free(zData);

    zData = make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\">"
                      "<v>0</v></c></row></sheetData></worksheet>",
                      0, zStyles, "<workbookPr date1904=\"1\"/>", &n);
    p = parse("t.xlsx", zData, n, 100, &zCode);
    T_STR("a2-import-xlsx 1904", sheet_cell(p, 0, 0), "1904-01-01");
    sheet_free(p);
    free(zData);

    zData = make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
                      "t=\"s\"><v>9</v></c></row></sheetData></worksheet>",
                      zSst, 0, 0, &n);
    p = parse("t.xlsx", zData, n, 100, &zCode);
    T_STR("a2-import-xlsx bad sst index", zCode, "import.corrupt");
    free(zData);

    zData = make_xlsx("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet>"
                      "<sheetData/></worksheet>",
                      0, 0, 0, &n);
    p = parse("t.xlsx", zData, n, 100, &zCode);
    T_STR("a2-import-xlsx doctype", zCode, "import.corrupt");
    free(zData);

    zData = make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" "
                      "t=\"inlineStr\"><is><t>x</t></is></c></row><row "
                      "r=\"5\"><c r=\"A5\"><v>1</v></c></row></sheetData>"
                      "</worksheet>",
                      0, 0, 0, &n);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx row limit", zCode, "import.too_large");
    free(zData);
    zData = make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"IW1\">"
                      "<v>1</v></c></row></sheetData></worksheet>",
                      0, 0, 0, &n);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx col limit", zCode, "import.too_large");
    free(zData);
    zData = make_xlsx("<worksheet><sheetData><row r=\"1\"><c r=\"A1\">"
                      "<v></v></c></row></sheetData></worksheet>",
                      0, 0, 0, &n);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx empty", zCode, "import.empty");
    free(zData);

    /* A zip bomb: 3 MiB of blanks inflate from a few KiB. */
    Buf b = BUF_INIT;
    buf_appends(&b, "<worksheet><sheetData>");
    for (int i = 0; i < 3 << 20; i += 64)
        buf_appends(&b, "                                "
                        "                                ");
    buf_appends(&b, "</sheetData></worksheet>");
    zData = make_xlsx(buf_str(&b), 0, 0, 0, &n);
    buf_free(&b);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx zip bomb ratio", zCode, "import.too_large");
    free(zData);

    const char *azNoWb[] = {"[Content_Types].xml", "<Types/>", "a.txt", "x", 0};
    zData = make_zip(azNoWb, &n);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx no workbook", zCode, "import.corrupt");
    free(zData);
    const char *azNoCt[] = {"xl/workbook.xml", "<workbook/>", 0};
    zData = make_zip(azNoCt, &n);
    p = parse("t.xlsx", zData, n, 3, &zCode);
    T_STR("a2-import-xlsx no content types", zCode, "import.corrupt");
    free(zData);

    const char *zBad = "PK\x03\x04garbage garbage garbage";
    p = parse("t.xlsx", zBad, strlen(zBad), 3, &zCode);
    T_STR("a2-import-xlsx corrupt zip", zCode, "import.corrupt");
    zBad = "<html><body>hi</body></html>";
    p = parse("t.xlsx", zBad, strlen(zBad), 3, &zCode);
    T_STR("a2-import-xlsx html renamed", zCode, "import.corrupt");
    zBad = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....";
    p = parse("t.xlsx", zBad, strlen(zBad), 3, &zCode);
    T_STR("a2-import-xlsx ole (xls)", zCode, "import.format");
}

/* Values written by the round trip; row 0 is the header. */
static const char *const azRound[][6] = {
    {"姓名", "身份证号", "备注", "电话", "空", "其他"},
    {"张三", "11010519491231002X", "=1+1", "+8613800138000", "", "-5"},
    {"李四", "110101200001010010", "@cmd", "=1+2\";=1+2", 0, "'abc"},
    {"王五（党员）", "'=x", "\tlead tab", "line1\nline2\r\nline3", "_x0041_",
     "0012"},
    {"a'b", "'", "''+1", "1.5E+3", "2024-03-05", "😀𠀀"},
};

/* Write azRound with xlsx_*, read it back with sheet_read(). */
static void test_round_trip(void)
{
    Xlsx *x = 0;
    char *zErr = 0;
    int fd = -1;
    long long nSize = 0;
    const char *zCode;
    double aWidth[] = {10, 24, 20};

    T_INT("a2-export-new", xlsx_new(&x, &zErr), 0);
    free(zErr);
    if (!x) return;
    T_INT("a2-export-sheet", xlsx_sheet(x, "花名册[1]:*?/\\'"), 0);
    xlsx_widths(x, aWidth, 3);
    xlsx_header(x, azRound[0], 6);
    for (int i = 1; i < COUNT(azRound); i++)
        xlsx_row(x, azRound[i], 6);
    xlsx_sheet(x, "花名册[1]:*?/\\'");
    xlsx_sheet(x, "0123456789012345678901234567890123456789");
    xlsx_row(x, azRound[1], 2);
    T_INT("a2-export-finish", xlsx_finish(x, &fd, &nSize, &zErr), 0);
    if (zErr) printf("  %s\n", zErr);
    free(zErr);
    T_CHECK("a2-export-fd", fd >= 0 && nSize > 0);
    if (fd < 0) return;
    char *zData = xmalloc((size_t)nSize);
    T_INT("a2-export-read", read(fd, zData, (size_t)nSize), nSize);
    close(fd);

    char *zWb = zip_entry(zData, (size_t)nSize, "xl/workbook.xml");
    T_CHECK("a2-export-sheet name cleaned",
            strstr(zWb, "name=\"花名册_1_______\"") != 0);
    T_CHECK("a2-export-sheet name duplicate",
            strstr(zWb, "name=\"花名册_1_______(2)\"") != 0);
    T_CHECK("a2-export-sheet name 31",
            strstr(zWb, "name=\"0123456789012345678901234567890\"") != 0);
    free(zWb);
    char *zWs = zip_entry(zData, (size_t)nSize, "xl/worksheets/sheet1.xml");
    T_CHECK("a2-export-id is a string cell",
            strstr(zWs, "<t>11010519491231002X</t>") != 0);
    T_CHECK("a2-export-formula quoted", strstr(zWs, "<t>'=1+1</t>") != 0);
    T_CHECK("a2-export-no formula", strstr(zWs, "<f>") == 0);
    T_CHECK("a2-export-no number cell", strstr(zWs, "t=\"n\"") == 0);
    free(zWs);

    Sheet *p = parse("export.xlsx", zData, (size_t)nSize, 100, &zCode);
    T_STR("a2-export-reread code", zCode, "");
    T_INT("a2-export-reread rows", p ? p->nRow : -1, COUNT(azRound));
    for (int r = 0; r < COUNT(azRound); r++) {
        for (int c = 0; c < 6; c++) {
            char *zName = xprintf("a2-export-roundtrip r%dc%d", r, c);
            const char *zWant = azRound[r][c] ? azRound[r][c] : "";
            T_STR(zName, sheet_cell(p, r, c), zWant);
            free(zName);
        }
    }
    sheet_free(p);
    free(zData);

    /* Dropped workbooks leave nothing behind; NULL is safe. */
    x = 0;
    if (xlsx_new(&x, &zErr) == 0) {
        xlsx_row(x, azRound[1], 6);
        xlsx_free(x);
    }
    free(zErr);
    xlsx_free(0);
    T_CHECK("a2-export-free", 1);
}

/* Roster import and export (A2). */
void test_sheet(void);
void test_sheet(void)
{
    test_csv();
    test_xlsx_read();
    test_round_trip();
}

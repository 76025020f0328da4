#include <doctest/doctest.h>

#include "cmdseq.h"

using namespace cmdseq;
using Tokens = std::vector<std::string>;

namespace {

// "<file0>=notes.txt" for every slot, in order
std::vector<std::string> slots_of(const TokenizedRequest& r) {
    std::vector<std::string> out;
    for (auto& s : r.slots) out.push_back(s.placeholder + "=" + s.value);
    return out;
}

}  // namespace

TEST_CASE("requests: lower-case words, punctuation dropped, contractions expanded") {
    CHECK(tokenize_request("Show Disk Usage!").tokens == Tokens{"show", "disk", "usage"});
    CHECK(tokenize_request("what's my IP?").tokens == Tokens{"what", "is", "my", "ip"});
    CHECK(tokenize_request("I don't know, can't you list files?").tokens ==
          Tokens{"i", "do", "not", "know", "can", "not", "you", "list", "files"});
    CHECK(tokenize_request("how're we doing; i'm fine").tokens == Tokens{"how", "are", "we", "doing", "i", "am", "fine"});
    CHECK(tokenize_request("restart nginx's service").tokens == Tokens{"restart", "nginx", "service"});
    CHECK(tokenize_request("it\xE2\x80\x99s late").tokens == Tokens{"it", "is", "late"});  // typographic apostrophe
    CHECK(tokenize_request("  \t\n ").tokens.empty());
}

TEST_CASE("requests: each kind of value becomes a typed placeholder") {
    struct Case {
        const char* text;
        Tokens tokens;
        std::vector<std::string> slots;
    };
    const Case cases[] = {
        {"copy zqxwv.txt to /opt/blorp", {"copy", "<file0>", "to", "<path0>"}, {"<file0>=zqxwv.txt", "<path0>=/opt/blorp"}},
        {"list ~/notes and ./build", {"list", "<path0>", "and", "<path1>"}, {"<path0>=~/notes", "<path1>=./build"}},
        {"go to ../src/lib", {"go", "to", "<path0>"}, {"<path0>=../src/lib"}},
        {"open src/main.c", {"open", "<file0>"}, {"<file0>=src/main.c"}},
        {"find *.log files", {"find", "<glob0>", "files"}, {"<glob0>=*.log"}},
        {"remove /tmp/cache-*.tmp", {"remove", "<glob0>"}, {"<glob0>=/tmp/cache-*.tmp"}},
        {"download https://example.com/a.iso?x=1", {"download", "<url0>"}, {"<url0>=https://example.com/a.iso?x=1"}},
        {"mail bob@example.com", {"mail", "<addr0>"}, {"<addr0>=bob@example.com"}},
        {"ssh to root@10.0.0.1", {"ssh", "to", "<addr0>"}, {"<addr0>=root@10.0.0.1"}},
        {"copy it to deploy@web1:/srv/app", {"copy", "it", "to", "<remote0>"}, {"<remote0>=deploy@web1:/srv/app"}},
        // a bare host name before a colon takes a path or a file name, not a word
        {"scp db1:notes.txt .", {"scp", "<remote0>", "<path0>"}, {"<remote0>=db1:notes.txt", "<path0>=."}},
        {"get db1:./logs", {"get", "<remote0>"}, {"<remote0>=db1:./logs"}},
        {"get db1:/srv/a", {"get", "<remote0>"}, {"<remote0>=db1:/srv/a"}},
        {"show HEAD:main.py", {"show", "head", "main", "py"}, {}},  // a revision, not a host
        {"pull python:3.11-slim", {"pull", "python", "3", "11-slim"}, {}},  // an image's tag
        {"ping 10.41.7.3 five times", {"ping", "<ip0>", "<num0>", "times"}, {"<ip0>=10.41.7.3", "<num0>=5"}},
        {"block 192.168.0.0/16", {"block", "<ip0>"}, {"<ip0>=192.168.0.0/16"}},
        {"ping fe80::1 and ::1", {"ping", "<ipv60>", "and", "<ipv61>"}, {"<ipv60>=fe80::1", "<ipv61>=::1"}},
        {"ping 2001:db8:0:0:0:0:2:1", {"ping", "<ipv60>"}, {"<ipv60>=2001:db8:0:0:0:0:2:1"}},
        {"resolve example.com", {"resolve", "<host0>"}, {"<host0>=example.com"}},
        {"curl api.internal:8443", {"curl", "<host0>"}, {"<host0>=api.internal:8443"}},
        {"is db.prod.corp up", {"is", "<host0>", "up"}, {"<host0>=db.prod.corp"}},
        {"files over 100M", {"files", "over", "<size0>"}, {"<size0>=100M"}},
        {"files bigger than 1.5GB", {"files", "bigger", "than", "<size0>"}, {"<size0>=1.5GB"}},
        {"top 10 processes", {"top", "<num0>", "processes"}, {"<num0>=10"}},
        {"wait 2.5 seconds", {"wait", "<num0>", "seconds"}, {"<num0>=2.5"}},
        {"show twenty-five lines", {"show", "<num0>", "lines"}, {"<num0>=25"}},
        {"show twenty five lines", {"show", "<num0>", "lines"}, {"<num0>=25"}},
        {"ping it twice", {"ping", "it", "<num0>"}, {"<num0>=2"}},
        {"three hundred lines", {"<num0>", "lines"}, {"<num0>=300"}},
        // "one" that counts nothing stays a word; "one line" is still 1
        {"list files one per line", {"list", "files", "one", "per", "line"}, {}},
        {"kill them one at a time", {"kill", "them", "one", "at", "a", "time"}, {}},
        {"copy this one", {"copy", "this", "one"}, {}},
        {"show one line", {"show", "<num0>", "line"}, {"<num0>=1"}},
        {"print one line per thread", {"print", "one", "line", "per", "thread"}, {}},
        // a kind of file that names one extension reads as its glob
        {"find all python files in /srv", {"find", "all", "<glob0>", "files", "in", "<path0>"}, {"<glob0>=*.py", "<path0>=/srv"}},
        {"make the shell scripts executable", {"make", "the", "<glob0>", "scripts", "executable"}, {"<glob0>=*.sh"}},
        {"zip files in /srv", {"zip", "files", "in", "<path0>"}, {"<path0>=/srv"}},
        {"join the csv files a.csv and b.csv", {"join", "the", "csv", "files", "<file0>", "and", "<file1>"}, {"<file0>=a.csv", "<file1>=b.csv"}},
        {"log files named *.gz", {"log", "files", "named", "<glob0>"}, {"<glob0>=*.gz"}},
        {"the python package", {"the", "python", "package"}, {}},
        // a name pattern said in words is its glob, where files are asked about
        {"files whose names end with macs", {"files", "whose", "names", "end", "with", "<glob0>"}, {"<glob0>=*macs"}},
        {"files with names starting with 'a'", {"files", "with", "names", "starting", "with", "<glob0>"}, {"<glob0>=a*"}},
        {"files with todo in the name", {"files", "with", "todo", "in", "the", "name"}, {}},
        {"bash: files here", {"bash", "files", "here"}, {}},
        {"tail several log files", {"tail", "several", "log", "files"}, {}},
        {"words that start with abc", {"words", "that", "start", "with", "abc"}, {}},
        {"filenames containing error", {"filenames", "containing", "error"}, {}},
        {"files ending with \".foo\" in /usr", {"files", "ending", "with", "<glob0>", "in", "<path0>"}, {"<glob0>=*.foo", "<path0>=/usr"}},
        {"copy .foo to /usr", {"copy", "<file0>", "to", "<path0>"}, {"<file0>=.foo", "<path0>=/usr"}},
        // a quoted name beside the word for a folder is that folder
        {"search the \"test1\" directory", {"search", "the", "<path0>", "directory"}, {"<path0>=test1"}},
        {"zip the folder 'Tax Documents'", {"zip", "the", "folder", "<path0>"}, {"<path0>=Tax Documents"}},
        {"search \"test1\" in notes", {"search", "test1", "in", "notes"}, {}},
        {"grep \"TODO\" directory by directory", {"grep", "todo", "directory", "by", "directory"}, {}},
        {"remove the folder named 'old stuff'", {"remove", "the", "folder", "named", "<path0>"}, {"<path0>=old stuff"}},
        {"open the python files folder", {"open", "the", "python", "files", "folder"}, {}},
        {"show the last one", {"show", "the", "last", "one"}, {}},
        {"show the last one hundred lines", {"show", "the", "last", "<num0>", "lines"}, {"<num0>=100"}},
        {"copy them one by one", {"copy", "them", "one", "by", "one"}, {}},
        {"renice it by one", {"renice", "it", "by", "<num0>"}, {"<num0>=1"}},
        {"check cpu/memory usage", {"check", "cpu", "memory", "usage"}, {}},
        {"all regular/normal files", {"all", "regular", "normal", "files"}, {}},
        {"files with names ending with _test.go", {"files", "with", "names", "ending", "with", "<glob0>"}, {"<glob0>=*_test.go"}},
        {"nice value one", {"nice", "value", "<num0>"}, {"<num0>=1"}},
        {"grep for 'hello world' in log.txt", {"grep", "for", "<str0>", "in", "<file0>"}, {"<str0>='hello world'", "<file0>=log.txt"}},
        {"search \"TODO list\" here", {"search", "<str0>", "here"}, {"<str0>=\"TODO list\""}},
        {"search \"TODO\" here", {"search", "todo", "here"}, {}},
        {"edit .bashrc", {"edit", "<file0>"}, {"<file0>=.bashrc"}},
        {"extract backup.tar.gz", {"extract", "<file0>", ".tar.gz"}, {"<file0>=backup.tar.gz"}},
        {"unzip ~/dl/photos.ZIP here", {"unzip", "<file0>", ".zip", "here"}, {"<file0>=~/dl/photos.ZIP"}},
        {"md5 of notes.txt's bytes", {"md5", "of", "<file0>", "bytes"}, {"<file0>=notes.txt"}},
        {"cat /var/log/app.log and ls /var/log", {"cat", "<file0>", "and", "ls", "<path0>"}, {"<file0>=/var/log/app.log", "<path0>=/var/log"}},
        {"(see /etc/hosts).", {"see", "<path0>"}, {"<path0>=/etc/hosts"}},
        {"install v1.2.3", {"install", "v1", "2", "3"}, {}},
        {"version 1.2.3", {"version", "<num0>"}, {"<num0>=1.2.3"}},
        {"tcp/udp ports, e.g. ssh", {"tcp", "udp", "ports", "e", "g", "ssh"}, {}},
        {"cancel a pending shutdown/reboot", {"cancel", "a", "pending", "shutdown", "reboot"}, {}},
        {"lines w/o debug, w/ numbers", {"lines", "without", "debug", "with", "numbers"}, {}},
        {"files in your home directory", {"files", "in", "my", "home", "directory"}, {}},
        {"give one specific user access", {"give", "one", "specific", "user", "access"}, {}},
        {"i keep cd'ing into /srv", {"i", "keep", "cd", "into", "<path0>"}, {"<path0>=/srv"}},
        {"Start/Stop/Restart a service", {"start", "stop", "restart", "a", "service"}, {}},
        {"find all files/directories named core", {"find", "all", "files", "named", "core"}, {}},
        {"create directory /etc/cron.5minute", {"create", "directory", "<path0>"}, {"<path0>=/etc/cron.5minute"}},
        {"make the folder .cache", {"make", "the", "folder", "<path0>"}, {"<path0>=.cache"}},
        {"files in the directory called notes.txt", {"files", "in", "the", "directory", "called", "<file0>"}, {"<file0>=notes.txt"}},
        {"files >1G in /", {"files", "over", "<size0>", "in", "<path0>"}, {"<size0>=1G", "<path0>=/"}},
        {"files <10k", {"files", "under", "<size0>"}, {"<size0>=10k"}},
        // a count and its unit written apart are one size; a unit alone or a count of other things is not
        {"files larger than 600 MB.", {"files", "larger", "than", "<size0>"}, {"<size0>=600MB"}},
        {"over 2 gigabytes in /var", {"over", "<size0>", "in", "<path0>"}, {"<size0>=2GB", "<path0>=/var"}},
        {"limit it to 512 KiB", {"limit", "it", "to", "<size0>"}, {"<size0>=512KiB"}},
        {"the last 20 lines, in mb", {"the", "last", "<num0>", "lines", "in", "mb"}, {"<num0>=20"}},
        {"show 3 gb files", {"show", "<size0>", "files"}, {"<size0>=3GB"}},
        {"save it to an HTML/XML/JSON file", {"save", "it", "to", "an", "html", "xml", "json", "file"}, {}},
        {"sizes in B/KiB/MiB", {"sizes", "in", "b", "kib", "mib"}, {}},
        {"cd SRC/Main", {"cd", "<path0>"}, {"<path0>=SRC/Main"}},
        {"find the directory notes.txt is in", {"find", "the", "directory", "<file0>", "is", "in"}, {"<file0>=notes.txt"}},
        {"unpack the folder x.tar.gz", {"unpack", "the", "folder", "<file0>", ".tar.gz"}, {"<file0>=x.tar.gz"}},
        {"copy the File/Folder", {"copy", "the", "file"}, {}},
        {"copy the Files/Folders", {"copy", "the", "files"}, {}},
        {"files/files and dirs/src", {"files", "files", "and", "<path0>"}, {"<path0>=dirs/src"}},
        {"list src/main", {"list", "<path0>"}, {"<path0>=src/main"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        TokenizedRequest r = tokenize_request(c.text);
        CHECK(r.tokens == c.tokens);
        CHECK(slots_of(r) == c.slots);
    }
}

TEST_CASE("requests: a repeated value reuses its placeholder and each slot knows its position") {
    TokenizedRequest r = tokenize_request("diff a.txt and b.txt then a.txt again");
    CHECK(r.tokens == Tokens{"diff", "<file0>", "and", "<file1>", "then", "<file0>", "again"});
    REQUIRE(r.slots.size() == 2);
    CHECK(r.slots[0].source_index == 1);
    CHECK(r.slots[1].source_index == 3);
    CHECK(r.slots[1].kind == SlotKind::File);
}

TEST_CASE("requests: odd bytes, stray quotes and oversize input") {
    CHECK(tokenize_request(std::string("show\0disk\x01usage", 16)).tokens == Tokens{"show", "disk", "usage"});
    CHECK(tokenize_request("it's a 'quote").tokens == Tokens{"it", "is", "a", "quote"});
    CHECK(tokenize_request("caf\xC3\xA9 list").tokens == Tokens{"caf\xC3\xA9", "list"});
    CHECK(tokenize_request("\xFF\xFE garbage").tokens.size() == 2);
    std::string huge(kMaxRequestBytes + 1, 'a');
    CHECK_THROWS_WITH_AS(tokenize_request(huge), "request is 4097 bytes; the limit is 4096", InputError);
    std::string many;
    for (int i = 0; i < 600; ++i) many += "w ";
    CHECK(tokenize_request(many).tokens.size() == kMaxRequestTokens);
    CHECK(tokenize_request(many).dropped_tokens == 600 - kMaxRequestTokens);
    // a request cannot smuggle in a placeholder of its own
    CHECK(tokenize_request("<path0> please").tokens == Tokens{"path0", "please"});
}

TEST_CASE("valid_utf8: every byte that starts no valid sequence becomes U+FFFD, valid text is kept") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(valid_utf8("plain ascii") == "plain ascii");
    CHECK(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    CHECK(valid_utf8("list \xFF files") == "list " + fffd + " files");
    CHECK(valid_utf8("\xC0\xAE\xC0\xAE") == fffd + fffd + fffd + fffd);          // overlong "." twice
    CHECK(valid_utf8("\xE0\x80\xAF") == fffd + fffd + fffd);                        // overlong "/"
    CHECK(valid_utf8("\xED\xA0\x80") == fffd + fffd + fffd);                        // a surrogate
    CHECK(valid_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);            // past U+10FFFF
    CHECK(valid_utf8("cut \xE2\x82") == "cut " + fffd + fffd);                       // truncated at the end
    CHECK(valid_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
    // the request's tokens and values carry the same replacement
    const TokenizedRequest r = tokenize_request("copy \xFF.txt to /tmp/\xFE");
    for (auto& t : r.tokens) CHECK(valid_utf8(t) == t);
    for (auto& sl : r.slots) CHECK(valid_utf8(sl.value) == sl.value);
}

TEST_CASE("placeholders round-trip: request values come back verbatim in the command") {
    TokenizedRequest r = tokenize_request("show the last 30 lines of /var/log/frobnicate.log");
    CHECK(r.tokens == Tokens{"show", "the", "last", "<num0>", "lines", "of", "<file0>"});
    std::vector<SlotFill> fills;
    std::string cmd = render_command({"tail", "-n", "<num0>", "<file0>"}, {}, r, &fills, nullptr);
    CHECK(cmd == "tail -n 30 /var/log/frobnicate.log");
    REQUIRE(fills.size() == 2);
    CHECK(fills[0].source_index == 3);
    CHECK(fills[1].value == "/var/log/frobnicate.log");

    TokenizedRequest q = tokenize_request("grep for 'two words' in notes.md");
    CHECK(render_command({"grep", "<str0>", "<file0>"}, {}, q, nullptr, nullptr) == "grep 'two words' notes.md");
}

TEST_CASE("<join> glues a value into a command word, quoted as the word needs") {
    using Tokens = std::vector<std::string>;
    // <unk> copies the most attended request word: the peaks say which
    TokenizedRequest r = tokenize_request("make alice the owner of notes.txt, group staff");
    std::vector<SlotFill> fills;
    CHECK(render_command({"sudo", "chown", "<unk>", "<join>", ":", "<join>", "<unk>", "<file0>"}, {-1, -1, 1, -1, -1, -1, 7, 5}, r, &fills,
                         nullptr) == "sudo chown alice:staff notes.txt");
    REQUIRE(fills.size() == 3);
    CHECK(fills[0].output_index == 2);
    CHECK(fills[0].value == "alice");
    CHECK(fills[1].value == "staff");

    // inside single quotes a value goes in as typed: a quoted phrase without its quotes, a quote escaped
    r = tokenize_request("replace 'two words' with hello in a.txt");
    CHECK(render_command({"sed", "-i", "'s/", "<join>", "<str0>", "<join>", "/", "<join>", "<unk>", "<join>", "/g'", "<file0>"},
                         {-1, -1, -1, -1, 1, -1, -1, -1, 3, -1, -1, 5}, r, nullptr, nullptr) == "sed -i 's/two words/hello/g' a.txt");
    r = tokenize_request("replace \"it's\" with x in a.txt");
    CHECK(render_command({"sed", "'s/", "<join>", "<str0>", "<join>", "/x/g'", "<file0>"}, {}, r, nullptr, nullptr) ==
          "sed 's/it'\\''s/x/g' a.txt");
    // outside quotes a value that needs them is quoted on its own; a blank is glued as any piece
    r = tokenize_request("copy 'my notes.txt' to db1");
    CHECK(render_command({"scp", "<file0>", "<unk>", "<join>", ":", "<join>", "<path0>"}, {-1, -1, 3}, r, nullptr, nullptr) ==
          "scp 'my notes.txt' db1:PATH");
    // a sed expression's delimiter in a value is escaped; a quoted phrase is unquoted once
    r = tokenize_request("replace /usr/lib with /opt/lib in a.conf");
    CHECK(render_command({"sed", "-i", "'s/", "<join>", "<path0>", "<join>", "/", "<join>", "<path1>", "<join>", "/g'", "<file0>"}, {}, r,
                         nullptr, nullptr) == "sed -i 's/\\/usr\\/lib/\\/opt\\/lib/g' a.conf");
    r = tokenize_request("replace `it's` with x in a.txt");
    REQUIRE(r.slots.size() == 2);
    CHECK(shell_unquote(r.slots[0].value) == "it's");
    CHECK(render_command({"sed", "'s/", "<join>", "<str0>", "<join>", "/x/g'", "<file0>"}, {}, r, nullptr, nullptr) ==
          "sed 's/it'\\''s/x/g' a.txt");
    CHECK(shell_unquote("'a b'\\''c'\"d \\\"e\"\\ f") == "a b'cd \"e f");
    // a <join> meant for an option left out glues nothing
    r = tokenize_request("make the folder /tmp/x");
    CHECK(render_command({"mkdir", "-p", "<join>", "<path0>"}, {}, r, nullptr, nullptr) == "mkdir /tmp/x");
    // a word of the request's grammar is no value to copy, unless it is quoted
    r = tokenize_request("give one user access to a.txt");
    CHECK(render_command({"setfacl", "-m", "u:", "<join>", "<unk>", "<join>", ":rw", "<file0>"}, {-1, -1, -1, -1, 1, -1, -1, 5}, r, nullptr,
                         nullptr) == "setfacl -m u:VALUE:rw a.txt");
    r = tokenize_request("give \"all\" access to a.txt");
    CHECK(render_command({"setfacl", "-m", "u:", "<join>", "<unk>", "<join>", ":rw", "<file0>"}, {-1, -1, -1, -1, 1, -1, -1, 4}, r, nullptr,
                         nullptr) == "setfacl -m u:all:rw a.txt");
    // a <join> with nothing before or after glues nothing
    r = tokenize_request("list files");
    CHECK(render_command({"<join>", "ls", "-l", "<join>"}, {}, r, nullptr, nullptr) == "ls -l");
    // nor onto a program, an option or an operator, nor a value onto a value
    CHECK(render_command(Tokens{"ls", "<join>", "<join>", "-l"}, {}, r, nullptr, nullptr) == "ls -l");
    r = tokenize_request("mirror ./site to /var/www/site");
    CHECK(render_command({"rsync", "-avz", "--delete", "<join>", "<path1>", "<path0>"}, {}, r, nullptr, nullptr) ==
          "rsync -avz --delete /var/www/site ./site");
    CHECK(render_command({"sudo", "<join>", "rsync", "<path0>", "<join>", "<path1>"}, {}, r, nullptr, nullptr) ==
          "sudo rsync ./site /var/www/site");
    CHECK(render_command({"ls", "|", "<join>", "wc", "<join>", "-l"}, {}, r, nullptr, nullptr) == "ls | wc -l");
}

TEST_CASE("find's size and age amounts come from the request where it holds one, with its unit and sign") {
    using Tokens = std::vector<std::string>;
    auto render = [](const Tokens& out, const std::string& request, std::vector<SlotFill>* fills = nullptr) {
        return render_command(out, {}, tokenize_request(request), fills, nullptr);
    };
    // a fixed amount of the training forms gives way to the request's own
    std::vector<SlotFill> fills;
    CHECK(render({"find", ".", "-type", "f", "-size", "+100M"}, "find regular files bigger than 20M", &fills) == "find . -type f -size +20M");
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].output_index == 5);
    CHECK(fills[0].source_index == 5);
    CHECK(fills[0].value == "+20M");
    CHECK(render({"find", ".", "-size", "+100M"}, "files smaller than 9kB") == "find . -size -9k");
    CHECK(render({"find", ".", "-size", "+1G"}, "files over 2GB") == "find . -size +2G");
    CHECK(render({"find", ".", "-size", "+100M"}, "files bigger than 500 megabytes") == "find . -size +500M");
    CHECK(render({"find", ".", "-size", "+100M"}, "files under 3 gigs") == "find . -size -3G");
    CHECK(render({"find", ".", "-size", "+100M"}, "files larger than 600 MB") == "find . -size +600M");
    CHECK(render({"find", ".", "-size", "+100M"}, "files under 40 kb") == "find . -size -40k");
    CHECK(render({"find", ".", "-size", "+100M"}, "files >1G") == "find . -size +1G");
    CHECK(render({"find", ".", "-size", "+100M"}, "files over 5 m") == "find . -size +100M");  // metres? minutes? not a size
    CHECK(render({"find", ".", "-mtime", "+30"}, "files older than 2 weeks") == "find . -mtime +14");
    CHECK(render({"find", ".", "-mtime", "+30"}, "files older than 2 hours") == "find . -mmin +120");  // the unit picks the test here too
    // the number's unit picks the test: days, or minutes for hours that are no whole days
    CHECK(render({"find", "<path0>", "-mtime", "<num0>"}, "files in /srv modified in the last 3 days") == "find /srv -mtime -3");
    CHECK(render({"find", ".", "-mtime", "<num0>"}, "files changed in the last 2 hours") == "find . -mmin -120");
    CHECK(render({"find", ".", "-mtime", "<num0>"}, "files changed in the last 24 hours") == "find . -mtime -1");
    CHECK(render({"find", ".", "-amin", "<num0>"}, "files read 3 days ago") == "find . -atime 3");
    // nothing to take: the amount stays
    CHECK(render({"find", ".", "-mtime", "+30"}, "old files with 3 links") == "find . -mtime +30");
    CHECK(render({"find", ".", "-size", "+100M"}, "big files") == "find . -size +100M");
    CHECK(render({"find", ".", "-size", "+100M", "-mtime", "-7"}, "files over 1.5G from this week") == "find . -size +100M -mtime -7");
    // a value the model placed itself is not taken twice
    CHECK(render({"split", "-b", "<size0>", "<file0>", "-size", "+1M"}, "split a.bin into 20M pieces") == "split -b 20M a.bin -size +1M");
    // a size the model glues to a sign is written in find's units, with the sign the request says
    CHECK(render({"find", ".", "-size", "+", "<join>", "<size0>"}, "files bigger than 11GB") == "find . -size +11G");
    CHECK(render({"find", ".", "-size", "+", "<join>", "<size0>"}, "files smaller than 533K") == "find . -size -533k");
    CHECK(render({"find", ".", "-size", "-", "<join>", "<size0>"}, "files of at most 2M") == "find . -size -2M");
    CHECK(render({"find", ".", "-size", "<size0>"}, "files of 20M exactly") == "find . -size 20M");
    CHECK(render({"find", ".", "-size", "+100M"}, "files over 12000 bytes") == "find . -size +12000c");  // find's b is 512 bytes
    // a size find has no unit for stays as typed
    CHECK(render({"find", ".", "-size", "+", "<join>", "<size0>"}, "files bigger than 3TB") == "find . -size +3TB");
}

TEST_CASE("find's -type f stays only where the request or the command needs it") {
    using Tokens = std::vector<std::string>;
    auto render = [](const Tokens& out, const std::string& request) {
        return render_command(out, {}, tokenize_request(request), nullptr, nullptr);
    };
    // "files" is everything find lists
    CHECK(render({"find", ".", "-type", "f", "-name", "<glob0>"}, "find all *.txt files") == "find . -name '*.txt'");
    CHECK(render({"sudo", "find", "/", "-type", "f", "-size", "+100M"}, "files over 100M anywhere") == "sudo find / -size +100M");
    CHECK(render({"find", ".", "-type", "f", "-mtime", "-1"}, "find all files and directories changed today") == "find . -mtime -1");
    // the request asks for files alone
    CHECK(render({"find", ".", "-type", "f", "-name", "<glob0>"}, "find regular files named *.txt") == "find . -type f -name '*.txt'");
    CHECK(render({"find", ".", "-type", "f"}, "list plain files here") == "find . -type f");
    CHECK(render({"find", ".", "-type", "f"}, "list files only, no folders") == "find . -type f");
    CHECK(render({"find", ".", "-type", "f"}, "list the files but not the directories") == "find . -type f");
    CHECK(render({"find", ".", "-type", "f"}, "only the files under here") == "find . -type f");
    CHECK(render({"find", ".", "-type", "f", "-name", "x"}, "find . -type f -name x") == "find . -type f -name x");
    // a directory would be harmed or miscounted
    CHECK(render({"find", ".", "-type", "f", "-empty"}, "find empty files") == "find . -type f -empty");
    CHECK(render({"find", ".", "-type", "f", "-name", "<glob0>", "-delete"}, "delete *.tmp files") == "find . -type f -name '*.tmp' -delete");
    CHECK(render({"find", ".", "-type", "f", "-exec", "chmod", "644", "{}", "+"}, "make all files 644") ==
          "find . -type f -exec chmod 644 {} +");
    CHECK(render({"find", ".", "-type", "f", "|", "wc", "-l"}, "count the files here") == "find . -type f | wc -l");
    // other types and other programs stay as written
    CHECK(render({"find", ".", "-type", "d", "-empty"}, "find empty folders") == "find . -type d -empty");
    CHECK(render({"find", ".", "-type", "l"}, "find links") == "find . -type l");
    // a misspelt asking word still asks, as the data's typos do
    CHECK(render({"find", ".", "-type", "f", "-mtime", "-7"}, "regualr files changed this week") == "find . -type f -mtime -7");
    CHECK(unasked_options({"fd", "-type", "f"}, {"files"}) == std::vector<bool>{false, false, false});
    CHECK(unasked_options({"find", ".", "-type", "f"}, {"all", "files"}) == std::vector<bool>{false, false, true, true});
}

TEST_CASE("find's -empty stays only where the request asks for empty entries or an action follows") {
    auto render = [](const std::vector<std::string>& out, const std::string& request) {
        return render_command(out, {}, tokenize_request(request), nullptr, nullptr);
    };
    CHECK(render({"find", ".", "-type", "d", "-empty"}, "find all directories under the current directory") == "find . -type d");
    CHECK(render({"find", ".", "-type", "d", "-empty"}, "find empty directories") == "find . -type d -empty");
    CHECK(render({"find", ".", "-type", "d", "-empty"}, "find emtpy directories") == "find . -type d -empty");
    CHECK(render({"find", ".", "-type", "f", "-empty"}, "files with nothing in them") == "find . -type f -empty");
    CHECK(render({"find", ".", "-type", "f", "-empty"}, "files with no content") == "find . -type f -empty");
    CHECK(render({"find", ".", "-type", "d", "-empty"}, "folders without any files") == "find . -type d -empty");
    CHECK(render({"find", ".", "-type", "f", "-empty"}, "list blank files") == "find . -type f -empty");
    // a negated test or one side of -o stays: dropping it would break the command or flip it
    CHECK(render({"find", ".", "-type", "d", "-not", "-empty"}, "find non-empty directories") == "find . -type d -not -empty");
    CHECK(render({"find", ".", "!", "-type", "f"}, "everything but files") == "find . ! -type f");
    CHECK(render({"find", ".", "-type", "f", "-o", "-type", "d"}, "files and directories") == "find . -type f -o -type d");
    // -type f kept for an -empty that is itself left out goes too
    CHECK(render({"find", ".", "-type", "f", "-empty"}, "find all files") == "find .");
    // without -empty the action would reach every file: it stays, the guard decides
    CHECK(render({"find", ".", "-type", "f", "-empty", "-delete"}, "delete all files") == "find . -type f -empty -delete");
}

TEST_CASE("mkdir's -p stays only where the request asks for parents") {
    auto render = [](const std::vector<std::string>& out, const std::string& request) {
        return render_command(out, {}, tokenize_request(request), nullptr, nullptr);
    };
    CHECK(render({"mkdir", "-p", "<path0>"}, "create the folder /srv/data") == "mkdir /srv/data");
    CHECK(render({"sudo", "mkdir", "-p", "<path0>"}, "make directory /opt/x") == "sudo mkdir /opt/x");
    CHECK(render({"mkdir", "-p", "<path0>"}, "create /srv/a/b with any missing parents") == "mkdir -p /srv/a/b");
    CHECK(render({"mkdir", "-p", "<path0>"}, "make the nested folders a/b/c") == "mkdir -p a/b/c");
    CHECK(render({"mkdir", "-p", "<path0>"}, "create /srv/x, no error if it exists") == "mkdir -p /srv/x");
    CHECK(render({"mkdir", "-p", "<path0>"}, "mkdir -p /srv/x") == "mkdir -p /srv/x");
    CHECK(render({"mkdir", "-pv", "<path0>"}, "create /srv/x and say so") == "mkdir -pv /srv/x");
    CHECK(render({"mkdir", "-m", "700", "<path0>"}, "create /srv/x private") == "mkdir -m 700 /srv/x");
}

TEST_CASE("placeholders: unsafe values are shell-quoted, globs are not, missing values warn") {
    TokenizedRequest r = tokenize_request("get https://x.io/a?b=1&c=2 and *.log and *.txt;reboot");
    CHECK(render_command({"wget", "<url0>", "<glob0>", "<glob1>"}, {}, r, nullptr, nullptr) == "wget 'https://x.io/a?b=1&c=2' *.log '*.txt;reboot'");
    TokenizedRequest q = tokenize_request("echo \"$(reboot)\"");
    CHECK(render_command({"echo", "<str0>"}, {}, q, nullptr, nullptr) == "echo '$(reboot)'");
    std::vector<std::string> warnings;
    std::vector<SlotFill> fills;
    CHECK(render_command({"ls", "<path1>"}, {}, tokenize_request("ls /tmp"), &fills, &warnings) == "ls PATH2");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "PATH2 is a blank to fill in: the request names no value for it");
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].blank);
    CHECK(fills[0].value == "PATH2");
    CHECK(fills[0].source_index == -1);
    CHECK(shell_quote_if_needed("it's", SlotKind::Path) == "'it'\\''s'");
}

TEST_CASE("blanks: a value the request does not name is a named blank, never a placeholder") {
    CHECK(blank_name("<file0>") == "FILE");
    CHECK(blank_name("<path0>") == "PATH");
    CHECK(blank_name("<path1>") == "PATH2");
    CHECK(blank_name("<glob0>") == "PATTERN");
    CHECK(blank_name("<num0>") == "N");
    CHECK(blank_name("<str0>") == "TEXT");
    CHECK(blank_name("<ipv60>") == "IP6");
    CHECK(blank_name("<remote0>") == "REMOTE");
    CHECK(blank_name("<unk>") == "VALUE");
    // kinds only the model writes, for requests that name no value
    CHECK(blank_name("<archive0>") == "ARCHIVE");
    CHECK(blank_name("<dev0>") == "DEVICE");
    CHECK(blank_name("<user1>") == "USER2");
    CHECK(blank_name("<service0>") == "SERVICE");
    CHECK(blank_name("<pkg0>") == "PACKAGE");
    CHECK(blank_name("<proc0>") == "PROCESS");
    CHECK(blank_name("<iface0>") == "INTERFACE");
    CHECK(blank_name("<name0>") == "NAME");
    CHECK(blank_name("<num1>") == "N2");
    std::vector<SlotFill> fills;
    std::vector<std::string> warnings;
    const TokenizedRequest none = tokenize_request("copy a folder to another place");
    CHECK(render_command({"cp", "-r", "<path0>", "<path1>"}, {}, none, &fills, &warnings) == "cp -r PATH PATH2");
    CHECK(fills.size() == 2);
    CHECK(warnings.size() == 2);
    // one value named, the other left blank
    fills.clear();
    const TokenizedRequest one = tokenize_request("show the last 30 lines of a log file");
    CHECK(render_command({"tail", "-n", "<num0>", "<file0>"}, {}, one, &fills, nullptr) == "tail -n 30 FILE");
    REQUIRE(fills.size() == 2);
    CHECK_FALSE(fills[0].blank);
    CHECK(fills[1].blank);
    // an unknown word with nothing to copy
    CHECK(render_command({"userdel", "<unk>"}, {-1}, none, nullptr, nullptr) == "userdel VALUE");
}

TEST_CASE("unknown words are copied from the most attended source position") {
    TokenizedRequest r = tokenize_request("restart frobd please");
    std::vector<SlotFill> fills;
    CHECK(render_command({"systemctl", "restart", "<unk>"}, {0, 0, 1}, r, &fills, nullptr) == "systemctl restart frobd");
    REQUIRE(fills.size() == 1);
    CHECK(fills[0].copied);
    CHECK(fills[0].source_index == 1);
}

TEST_CASE("commands: shell-aware tokens") {
    CHECK(tokenize_command("ls -la /tmp") == Tokens{"ls", "-la", "/tmp"});
    CHECK(tokenize_command("grep -r \"two words\" .") == Tokens{"grep", "-r", "\"two words\"", "."});
    CHECK(tokenize_command("echo 'a | b'|wc -l") == Tokens{"echo", "'a | b'", "|", "wc", "-l"});
    CHECK(tokenize_command("make 2>/dev/null && echo ok;ls") == Tokens{"make", "2>", "/dev/null", "&&", "echo", "ok", ";", "ls"});
    CHECK(tokenize_command("cmd >>out.txt 2>&1 &") == Tokens{"cmd", ">>", "out.txt", "2>&1", "&"});
    CHECK(tokenize_command("find . -exec rm {} \\;") == Tokens{"find", ".", "-exec", "rm", "{}", "\\;"});
    CHECK(tokenize_command("kill $(pgrep x) || true") == Tokens{"kill", "$(pgrep", "x)", "||", "true"});
    CHECK(tokenize_command("awk '{print $1}' f") == Tokens{"awk", "'{print $1}'", "f"});
    CHECK(tokenize_command("--name='a b'") == Tokens{"--name='a b'"});
    CHECK(tokenize_command("echo \"unterminated") == Tokens{"echo", "\"unterminated"});
    CHECK(join_command(tokenize_command("ls   -l |  wc")) == "ls -l | wc");
}

TEST_CASE("placeholder syntax") {
    CHECK(is_placeholder("<path0>"));
    CHECK(is_placeholder("<ipv612>"));
    CHECK_FALSE(is_placeholder("<path>"));
    CHECK_FALSE(is_placeholder("<s>"));
    CHECK_FALSE(is_placeholder("</s>"));
    CHECK_FALSE(is_placeholder("<0>"));
    CHECK_FALSE(is_placeholder("path0"));
}

TEST_CASE("random bytes never break the tokenizers or the risk rules") {
    Rng rng(77);
    const char alphabet[] = "aZ09 ./~*?[]@:'\"`$(){}|;&<>-_=+,!\\\t\n\xC3\xA9\xFF";
    for (int i = 0; i < 3000; ++i) {
        std::string s;
        const size_t n = rng.next() % 80;
        for (size_t k = 0; k < n; ++k)
            s += (rng.next() % 4) ? alphabet[rng.next() % (sizeof alphabet - 1)] : char(rng.next());
        CAPTURE(s);
        TokenizedRequest r = tokenize_request(s);
        for (auto& slot : r.slots) CHECK(r.tokens.at(size_t(slot.source_index)) == slot.placeholder);
        CHECK_NOTHROW(tokenize_command(s));
        RiskReport risk = assess_risk(s);
        CHECK_FALSE(risk.labels().empty());
    }
}

TEST_CASE("requests: each token keeps its spelling, and a copied word comes back as typed") {
    TokenizedRequest r = tokenize_request("search for TODO in MyApp's notes.txt, it's five");
    CHECK(r.tokens == Tokens{"search", "for", "todo", "in", "myapp", "<file0>", "it", "is", "<num0>"});
    CHECK(r.surface == Tokens{"search", "for", "TODO", "in", "MyApp", "notes.txt", "it", "is", "5"});
    std::vector<SlotFill> fills;
    CHECK(render_command({"grep", "-rn", "<unk>", "<file0>"}, {0, 0, 2, 5}, r, &fills, nullptr) == "grep -rn TODO notes.txt");
    REQUIRE(fills.size() == 2);
    CHECK(fills[0].copied);
    CHECK(fills[0].token == "todo");
    CHECK(fills[0].value == "TODO");
    CHECK(tokenize_request("extract Backup.TAR.GZ").surface == Tokens{"extract", "Backup.TAR.GZ", ".tar.gz"});
}

TEST_CASE("quoted values by shape: a quoted file, glob, path or remote is that value, a phrase or a number stays a string") {
    auto one = [](const std::string& request) {
        TokenizedRequest t = tokenize_request(request);
        REQUIRE(t.slots.size() == 1);
        return t.slots[0];
    };
    Slot s = one("Add executable permission to \"rr.sh\"");
    CHECK(s.kind == SlotKind::File);
    CHECK(s.value == "rr.sh");
    CHECK(s.placeholder == "<file0>");
    CHECK(one("find files named '*.sh'").kind == SlotKind::Glob);
    CHECK(one("find files named '*.sh'").value == "*.sh");
    CHECK(one("list \"/tmp/x\"").kind == SlotKind::Path);
    CHECK(one("copy it to 'deploy@web1:/srv'").kind == SlotKind::Remote);
    CHECK(one("ssh to \"admin@example.com\"").kind == SlotKind::Address);
    CHECK(one("fetch \"https://example.com/a.tar.gz\"").kind == SlotKind::Url);
    // a phrase, a number or a size keeps its quotes and stays text
    CHECK(one("search for \"connection refused\" in syslog").kind == SlotKind::Quoted);
    CHECK(one("search for \"connection refused\" in syslog").value == "\"connection refused\"");
    CHECK(one("grep for 'main()'").kind == SlotKind::Quoted);
    CHECK(one("grep for '404'").kind == SlotKind::Quoted);
    CHECK(one("grep for '404'").value == "'404'");
    CHECK(one("grep for '10M'").kind == SlotKind::Quoted);
    // backquotes are a command, never a value of another kind
    CHECK(one("echo `notes.txt`").kind == SlotKind::Quoted);
    // a name quoted because it has spaces is a file or a path, quoted again in the command
    CHECK(one("open \"meeting minutes.txt\"").kind == SlotKind::File);
    CHECK(one("open \"meeting minutes.txt\"").value == "meeting minutes.txt");
    CHECK(one("list '/srv/my files'").kind == SlotKind::Path);
    CHECK(one("say \"hello world\"").kind == SlotKind::Quoted);
    const TokenizedRequest spaced = tokenize_request("show \"part 1.txt\"");
    CHECK(render_command({"cat", "<file0>"}, {}, spaced, nullptr, nullptr) == "cat 'part 1.txt'");
    // rendered unquoted where the shell does not need quotes, quoted where it does
    const TokenizedRequest q = tokenize_request("make \"rr.sh\" executable");
    CHECK(render_command({"chmod", "+x", "<file0>"}, {}, q, nullptr, nullptr) == "chmod +x rr.sh");
}

TEST_CASE("a glob given to find -name or grep --include is quoted, one for the shell is not") {
    const TokenizedRequest t = tokenize_request("find all .py files in src/");
    CHECK(render_command({"find", "<path0>", "-name", "<glob0>"}, {}, t, nullptr, nullptr) == "find src/ -name '*.py'");
    CHECK(render_command({"grep", "-r", "--include", "<glob0>", "x", "."}, {}, t, nullptr, nullptr) == "grep -r --include '*.py' x .");
    CHECK(render_command({"ls", "<glob0>"}, {}, t, nullptr, nullptr) == "ls *.py");
    CHECK(render_command({"rm", "<glob0>"}, {}, t, nullptr, nullptr) == "rm *.py");
}

TEST_CASE("a bare extension of a common file type names those files: a glob") {
    TokenizedRequest t = tokenize_request("find all .log files under /var/log");
    REQUIRE(t.slots.size() == 2);
    CHECK(t.slots[0].kind == SlotKind::Glob);
    CHECK(t.slots[0].value == "*.log");
    CHECK(t.tokens == Tokens{"find", "all", "<glob0>", "files", "under", "<path0>"});
    CHECK(tokenize_request("files ending in .PY").slots.at(0).value == "*.py");
    // dotfiles and unknown extensions stay names
    CHECK(tokenize_request("show .bashrc").slots.at(0).kind == SlotKind::File);
    CHECK(tokenize_request("show .env").slots.at(0).kind == SlotKind::File);
    CHECK(tokenize_request("show .bashrc").slots.at(0).value == ".bashrc");
}

TEST_CASE("a quoted single word names something: it reads as that word and is copied as typed") {
    const TokenizedRequest t = tokenize_request("Change owner of \"folder\" to 'User_Name'");
    CHECK(t.slots.empty());
    CHECK(t.tokens == std::vector<std::string>{"change", "owner", "of", "folder", "to", "user_name"});
    CHECK(t.surface[3] == "folder");
    CHECK(t.surface[5] == "User_Name");
    // a copied word (<unk>) comes back as typed, without quotes the shell does not need
    CHECK(render_command({"chown", "<unk>", "<unk>"}, {-1, 5, 3}, t, nullptr, nullptr) == "chown User_Name folder");
    // the same words unquoted read the same
    CHECK(tokenize_request("change owner of folder to User_Name").tokens == t.tokens);
    // a word with characters of a phrase, or digits only, stays text
    CHECK(tokenize_request("grep for 'main()'").slots.at(0).kind == SlotKind::Quoted);
    CHECK(tokenize_request("grep for \"404\"").slots.at(0).kind == SlotKind::Quoted);
    CHECK(tokenize_request("grep for 'web-user_2'").slots.empty());
    CHECK(tokenize_request("grep for 'web-user_2'").surface.at(2) == "web-user_2");
}

TEST_CASE("a shell variable is a value, printed in double quotes, and nouns joined by a slash are words") {
    for (const std::string request : {"copy $file to $dest", "copy \"$file\" to \"$dest\""}) {
        CAPTURE(request);
        const TokenizedRequest t = tokenize_request(request);
        REQUIRE(t.slots.size() == 2);
        CHECK(t.slots[0].kind == SlotKind::Path);
        CHECK(t.slots[0].value == "$file");
        CHECK(render_command({"cp", "<path0>", "<path1>"}, {}, t, nullptr, nullptr) == "cp \"$file\" \"$dest\"");
    }
    const TokenizedRequest home = tokenize_request("list files in $HOME/docs");
    REQUIRE(home.slots.size() == 1);
    CHECK(home.slots[0].value == "$HOME/docs");
    // prose, not a path: "files/directories" (read as "files"), "user/group"; a path keeps its slash
    CHECK(tokenize_request("find all files/directories under the current directory").tokens ==
          std::vector<std::string>{"find", "all", "files", "under", "the", "current", "directory"});
    CHECK(tokenize_request("change the user/group of it").slots.empty());
    CHECK(tokenize_request("list src/lib").slots.at(0).kind == SlotKind::Path);
    CHECK(tokenize_request("list files/old").slots.at(0).kind == SlotKind::Path);
}

TEST_CASE("which command tokens may begin a command") {
    for (const char* t : {"ls", "g++", "mkfs.ext4", "apt-get", "sudo", "7z", "<file0>", "<file1>"}) {
        CAPTURE(t);
        CHECK(can_start_command(t));
    }
    for (const char* t : {"-r", "--help", "|", "&&", ">", "2>/dev/null", "<unk>", "<path0>", "<num0>", "'*.py'", "g+w", "u+x", "a=r",
                          "go-rwx", "+x", "755", "{}", "/", ".", ""}) {
        CAPTURE(t);
        CHECK_FALSE(can_start_command(t));
    }
}

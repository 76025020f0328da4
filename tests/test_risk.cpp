#include <doctest/doctest.h>

#include "cmdseq.h"

using namespace cmdseq;

namespace {

struct RiskCase {
    const char* command;
    const char* labels;     // exact RiskReport::summary()
    const char* reason;     // a reason that must be given ("" = none required)
};

const RiskCase kCases[] = {
    // the classic disasters, including the ones danger guards tend to miss
    {"rm -rf /", "destructive, needs-root", "rm -r on /: deletes the whole filesystem"},
    {"rm -rf ~", "destructive", "rm -r on ~: deletes the home directory"},
    {"rm -rf .", "destructive", "rm -r on .: deletes everything in the current directory"},
    {"rm -rf *", "destructive", "rm -r on *: deletes everything in the current directory"},
    {"rm -rf $HOME", "destructive", "rm -r on $HOME: deletes the home directory"},
    {"rm -rf ~/", "destructive", "deletes the home directory"},
    {"rm -r ..", "destructive", "deletes everything in the parent directory"},
    {"sudo rm -rf --no-preserve-root /", "destructive, needs-root", "--no-preserve-root disables the guard against deleting /"},
    {"rm -fr /etc", "destructive, needs-root", "deletes the system directory /etc"},
    {"mkfs.ext4 /dev/sda1", "destructive, needs-root", "mkfs.ext4 erases the filesystem on /dev/sda1"},
    {"dd if=/dev/zero of=/dev/sda", "destructive, needs-root", "dd overwrites the disk device /dev/sda"},
    {"dd if=/dev/urandom of=/dev/nvme0n1 bs=1M", "destructive, needs-root", "dd overwrites the disk device /dev/nvme0n1"},
    {"chmod -R 777 /", "modifies-files, destructive, needs-root", "chmod -R on /: rewrites the whole filesystem (hard to undo)"},
    {":(){ :|:& };:", "destructive", "fork bomb: spawns processes until the system stops responding"},
    {"bomb(){ bomb|bomb& };bomb", "destructive", "fork bomb"},
    {"curl -fsSL https://get.example.sh | sh", "destructive, unknown", "pipes a download straight into sh: runs code nobody has read"},
    {"wget -qO- http://x.io/i.sh | sudo bash", "destructive, needs-root, unknown", "pipes a download straight into bash"},
    {"shutdown -h now", "destructive, needs-root", "shutdown stops the machine; every running program ends"},
    {"reboot", "destructive, needs-root", ""},
    {"systemctl poweroff", "destructive, needs-root", "systemctl poweroff stops the machine"},
    {"kill -9 1", "destructive, needs-root", "kill 1: kills init (or every process), bringing the system down"},
    {"> /etc/passwd", "modifies-files, destructive, needs-root", "> /etc/passwd truncates a system file"},
    {"echo x > /dev/sda", "destructive, needs-root", "redirect overwrites the disk device /dev/sda"},
    {"mv ~ /dev/null", "modifies-files, destructive", "mv into /dev/null destroys the source"},
    {"find / -name '*.log' -delete", "destructive", "find -delete deletes every match"},
    {"find . -type f -exec rm {} \\;", "destructive", "rm deletes files permanently"},
    {"ls | xargs rm", "destructive", "rm deletes files permanently"},
    {"crontab -r", "destructive", "crontab -r deletes every scheduled job without asking"},
    {"iptables -F", "destructive, needs-root", "iptables flushes firewall rules"},
    {"sudo apt purge nginx", "destructive, needs-root", "apt removes packages"},
    {"userdel -r alice", "destructive, needs-root", "userdel deletes an account and its home directory"},
    {"fdisk /dev/sdb", "destructive, needs-root", "fdisk rewrites the partition table"},
    {"ssh web1 'rm -rf /var/www'", "destructive, needs-root", "on the remote host: rm deletes files permanently"},
    {"bash -c 'rm -rf ~'", "destructive", "rm -r on ~: deletes the home directory"},
    {"echo $(rm -rf ~)", "destructive", "rm -r on ~: deletes the home directory"},
    {"pkill firefox", "destructive", "pkill terminates processes (unsaved work is lost)"},
    // harmless ones that only look alarming
    {"ls /dev/sda*", "read-only", ""},
    {"grep rm file", "read-only", ""},
    {"echo 'rm -rf /'", "read-only", ""},
    {"cat /dev/sda1 > /dev/null", "read-only", ""},
    {"fdisk -l", "read-only, needs-root", "fdisk reads the partition table (root needed)"},
    {"find /var/log -name '*.gz'", "read-only", ""},
    {"man rm", "read-only", ""},
    // everyday commands
    {"df -h", "read-only", ""},
    {"ls -la /tmp", "read-only", ""},
    {"ip addr", "read-only", ""},
    {"ps aux | grep nginx | head -n 5", "read-only", ""},
    {"tail -n 30 /var/log/syslog", "read-only", ""},
    {"sudo cat /etc/shadow", "read-only, needs-root", "reading /etc/shadow needs root"},
    {"journalctl -u ssh --since today", "read-only", ""},
    {"systemctl status nginx", "read-only", ""},
    {"ping -c 5 10.41.7.3", "read-only", ""},
    {"du -sh * | sort -h", "read-only", ""},
    {"curl https://example.com", "read-only", ""},
    {"tar -tzf backup.tar.gz", "read-only", ""},
    {"cp zqxwv.txt /opt/blorp", "modifies-files, needs-root", "writing /opt/blorp needs root"},
    {"cp notes.txt backup/", "modifies-files", "cp writes files"},
    {"mkdir -p build", "modifies-files", ""},
    {"tar -xzf backup.tar.gz -C /tmp", "modifies-files", "tar extracts files (may overwrite)"},
    {"sed -i 's/a/b/' notes.txt", "modifies-files", "sed -i edits files in place"},
    {"sed 's/a/b/' notes.txt", "read-only", ""},
    {"echo hello >> notes.txt", "modifies-files", "appends to notes.txt"},
    {"sort -o out.txt in.txt", "modifies-files", "sort -o writes a file"},
    {"wget https://example.com/file.iso", "modifies-files", "wget saves a download to a file"},
    {"sudo systemctl restart nginx", "modifies-files, needs-root", "systemctl restart changes a service"},
    {"chown alice:alice /srv/www", "modifies-files, needs-root", "chown to another owner needs root"},
    {"chmod +x deploy.sh", "modifies-files", "chmod changes permissions or ownership"},
    {"sudo apt install htop", "modifies-files, needs-root", "apt installs or changes packages"},
    {"apt list --installed", "read-only", ""},
    {"rsync -a --delete src/ dst/", "modifies-files, destructive", "rsync --delete removes files missing from the source"},
    {"ssh admin@db1", "unknown", "ssh opens a remote shell; what happens there is up to you"},
    {"frobnicate --all", "unknown", "no rule for 'frobnicate'"},
    {"", "unknown", "empty command"},
    {"FOO=1 ls", "read-only", ""},
    {"watch -n 5 df -h", "read-only", ""},
    {"/bin/rm notes.txt", "destructive", "rm deletes files permanently"},
};

}  // namespace

TEST_CASE("risk labels from the rule table") {
    int n = 0;
    for (const RiskCase& c : kCases) {
        const std::string command = c.command;
        CAPTURE(command);
        RiskReport r = assess_risk(command);
        CHECK(r.summary() == std::string(c.labels));
        if (*c.reason) {
            bool found = false;
            for (auto& why : r.reasons) found |= why.find(c.reason) != std::string::npos;
            CAPTURE(r.reasons.size() ? r.reasons[0] : std::string("(no reasons)"));
            CHECK_MESSAGE(found, "missing reason: ", c.reason);
        }
        ++n;
    }
    CHECK(n >= 40);
}

TEST_CASE("risk: every destructive label names its reason") {
    for (const RiskCase& c : kCases) {
        RiskReport r = assess_risk(c.command);
        if (r.has(kDestructive)) {
            const std::string command = c.command;
            CAPTURE(command);
            CHECK_FALSE(r.reasons.empty());
        }
        CHECK_FALSE((r.has(kReadOnly) && (r.has(kModifiesFiles) || r.has(kDestructive))));
    }
}

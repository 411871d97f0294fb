// SPDX-License-Identifier: GPL-2.0-or-later
#include "HeadlessProcess.h"

#include "TestTempDir.h"
#include "XvfbServer.h"

#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>

namespace pinstage::test {

QString randomStreamKey()
{
    QString key = QStringLiteral("live_");
    for (int i = 0; i < 4; ++i)
        key += QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
    return key;
}

QByteArray lastNonEmptyLine(const QByteArray& text)
{
    const QList<QByteArray> lines = text.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QByteArray line = it->trimmed();
        if (!line.isEmpty())
            return line;
    }
    return {};
}

QStringList filesContaining(const QString& dir, const QByteArray& needle)
{
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.size() < 64 * 1024 * 1024 && file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            hits.append(file.fileName());
    }
    return hits;
}

QProcessEnvironment confinedEnvironment(const XvfbServer& xvfb, const TestTempDir& dir)
{
    QProcessEnvironment env = xvfb.environment();
    const QString home = dir.mkpath(QStringLiteral("home"));
    const QString runtime = dir.mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(runtime, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    return env;
}

} // namespace pinstage::test
